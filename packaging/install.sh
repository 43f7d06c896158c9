#!/bin/sh
# Install hyte-kiosk on Debian as a kiosk: a dedicated user, the project in /opt/hyte-kiosk (its own venv),
# a config skeleton in /etc/hyte-kiosk, data in /var/lib/hyte-kiosk, cage on tty1 at boot running only the
# kiosk (restarted after a crash), and the nightly sync timer. Run again to update: the config is kept.
#
#   sudo packaging/install.sh                 # on the kiosk machine, from a clone of the repository
#   packaging/install.sh --root DIR --no-apt --no-venv --no-user   # into a scratch root, to inspect
#   (--user NAME: the kiosk user, hyte-kiosk by default; --no-user: do not create it)
#   sudo packaging/install.sh --publisher     # the county's publishing machine: no screen, sync + publish
set -eu

ROOT=""
APT=1
VENV=1
USERADD=1
PUBLISHER=0
SRC=$(cd "$(dirname "$0")/.." && pwd)
USER_NAME=hyte-kiosk

while [ $# -gt 0 ]; do
  case "$1" in
    --root) ROOT=${2%/}; shift 2 ;;
    --no-apt) APT=0; shift ;;
    --no-venv) VENV=0; shift ;;
    --no-user) USERADD=0; shift ;;
    --user) USER_NAME=$2; shift 2 ;;
    --publisher) PUBLISHER=1; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

if [ -z "$ROOT" ] && [ "$(id -u)" -ne 0 ]; then
  echo "install.sh: run as root (or give --root DIR for a scratch install)" >&2
  exit 2
fi

say() { echo "install.sh: $*"; }

if [ "$APT" = 1 ]; then
  say "installing Debian packages"
  apt-get update -q
  SCREEN="cage qt6-wayland cups-client"
  [ "$PUBLISHER" = 1 ] && SCREEN=""
  # shellcheck disable=SC2086  # SCREEN is a list of package names
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-venv python3-pip fonts-dejavu-core \
    libvoikko1 voikko-fi $SCREEN
fi

if [ "$USERADD" = 1 ] && ! id "$USER_NAME" >/dev/null 2>&1; then
  say "creating the user $USER_NAME"
  useradd --system --create-home --home-dir /var/lib/hyte-kiosk --shell /usr/sbin/nologin \
    --groups video,input,render,lp "$USER_NAME" 2>/dev/null \
    || useradd --system --create-home --home-dir /var/lib/hyte-kiosk --shell /usr/sbin/nologin "$USER_NAME"
fi

say "copying the project to $ROOT/opt/hyte-kiosk"
mkdir -p "$ROOT/opt/hyte-kiosk"
tar -C "$SRC" --exclude=./.venv --exclude=./.git --exclude='__pycache__' --exclude='*.pyc' -cf - . \
  | tar -C "$ROOT/opt/hyte-kiosk" -xf -
if [ "$VENV" = 1 ]; then
  say "building the virtual environment"
  python3 -m venv "$ROOT/opt/hyte-kiosk/.venv"
  "$ROOT/opt/hyte-kiosk/.venv/bin/python" -m pip install --quiet --upgrade pip
  "$ROOT/opt/hyte-kiosk/.venv/bin/python" -m pip install --quiet "$ROOT/opt/hyte-kiosk"
fi

mkdir -p "$ROOT/etc/hyte-kiosk" "$ROOT/var/lib/hyte-kiosk"
if [ ! -e "$ROOT/etc/hyte-kiosk/kiosk.toml" ]; then
  say "writing the config skeleton $ROOT/etc/hyte-kiosk/kiosk.toml"
  install -m 0640 "$SRC/packaging/kiosk.toml.skeleton" "$ROOT/etc/hyte-kiosk/kiosk.toml"
else
  say "keeping the config $ROOT/etc/hyte-kiosk/kiosk.toml"
fi
if [ ! -e "$ROOT/etc/hyte-kiosk/secrets.env" ]; then
  printf '# PTV_API_KEY=...\n' > "$ROOT/etc/hyte-kiosk/secrets.env"
  chmod 0600 "$ROOT/etc/hyte-kiosk/secrets.env"
fi
# Who owns what: the staff page rewrites kiosk.toml (settings, PIN) with a temporary file and a rename, so
# the kiosk user owns kiosk.toml and may create files in the folder; the folder is sticky (1770), so it can
# never remove or replace root's secrets.env, which it may only read.
if [ "$(id -u)" -eq 0 ] && id "$USER_NAME" >/dev/null 2>&1; then
  say "giving $USER_NAME its data folder and config file"
  GROUP=$(id -gn "$USER_NAME")
  chown -R "$USER_NAME:" "$ROOT/var/lib/hyte-kiosk"
  chown "root:$GROUP" "$ROOT/etc/hyte-kiosk" "$ROOT/etc/hyte-kiosk/secrets.env"
  chmod 1770 "$ROOT/etc/hyte-kiosk"
  chmod 0640 "$ROOT/etc/hyte-kiosk/secrets.env"
  chown "$USER_NAME:" "$ROOT/etc/hyte-kiosk/kiosk.toml"
  chmod 0640 "$ROOT/etc/hyte-kiosk/kiosk.toml"
fi
chmod 0750 "$ROOT/var/lib/hyte-kiosk"

say "installing the systemd units"
mkdir -p "$ROOT/etc/systemd/system"
for unit in hyte-kiosk.service hyte-kiosk-sync.service hyte-kiosk-sync.timer hyte-kiosk-publish.service \
    hyte-kiosk-publish.timer; do
  install -m 0644 "$SRC/packaging/$unit" "$ROOT/etc/systemd/system/$unit"
done
if [ "$PUBLISHER" = 1 ]; then
  mkdir -p "$ROOT/srv/hyte-kiosk"
  if [ "$(id -u)" -eq 0 ] && id "$USER_NAME" >/dev/null 2>&1; then
    chown "$USER_NAME:" "$ROOT/srv/hyte-kiosk"
  fi
  chmod 0755 "$ROOT/srv/hyte-kiosk"
fi
if [ -z "$ROOT" ]; then
  systemctl daemon-reload
  if [ "$PUBLISHER" = 1 ]; then
    systemctl enable hyte-kiosk-publish.timer
    say "done: put the PTV key in /etc/hyte-kiosk/secrets.env, make the key pair with"
    say "  sudo -u $USER_NAME /opt/hyte-kiosk/.venv/bin/hyte-kiosk publish --generate-key /etc/hyte-kiosk/fleet-key.pem"
    say "and serve /srv/hyte-kiosk over HTTPS (docs/operations.md, 'A county fleet')"
  else
    systemctl set-default graphical.target
    systemctl disable getty@tty1.service >/dev/null 2>&1 || true
    systemctl enable hyte-kiosk.service hyte-kiosk-sync.timer
    say "done: edit /etc/hyte-kiosk/kiosk.toml, then reboot (or: systemctl start hyte-kiosk)"
  fi
else
  say "done (scratch root $ROOT: nothing enabled)"
fi
