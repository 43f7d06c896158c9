# The same commands as CI and the README.
.PHONY: setup run test lint demo-tray bench
setup:
	scripts/setup
run:
	scripts/run-demo
test:
	scripts/test
lint:
	scripts/setup && .venv/bin/ruff check . && .venv/bin/mypy
demo-tray:
	scripts/setup && .venv/bin/python scripts/make_demo_tray.py
bench:
	scripts/setup && .venv/bin/python scripts/benchmark.py && .venv/bin/python scripts/benchmark_takehome.py
