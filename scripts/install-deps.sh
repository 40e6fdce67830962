#!/usr/bin/env bash
# Installs the Debian 12 packages Tessera needs to build, test and run, when any is missing.
# Idempotent: when everything is installed it runs no apt-get at all.
set -euo pipefail

packages=(
  # build
  build-essential cmake ninja-build pkgconf clang-format
  clang-tidy qt6-declarative-dev-tools # scripts/lint.sh: clang-tidy and qmllint
  qt6-base-dev qt6-declarative-dev qt6-multimedia-dev qt6-websockets-dev qt6-httpserver-dev
  qt6-tools-dev qt6-l10n-tools qt6-base-dev-tools
  libzxing-dev qtkeychain-qt6-dev libsqlcipher-dev libsodium-dev libldap-dev
  # Qt runtime: QML modules, SQL drivers
  qml6-module-qtquick qml6-module-qtqml-workerscript qml6-module-qtquick-controls
  qml6-module-qtquick-templates qml6-module-qtquick-layouts qml6-module-qtquick-window
  qml6-module-qtmultimedia qml6-module-qttest libqt6sql6-psql libqt6sql6-sqlite
  qml6-module-qtquick-dialogs
  qml6-module-qtqml # QtQml's qmltypes (Timer, Connections, Binding), without which qmllint cannot check them
  # the real parts the tests start: keyring, directory, database, display
  libsecret-1-0 libsecret-tools gnome-keyring dbus dbus-x11
  slapd ldap-utils postgresql-15
  xvfb xauth imagemagick openssl ca-certificates fonts-dejavu-core
  python3-dbusmock # tst_desktop_notifications: the notification daemon on a private bus
  python3-xlib # tst_desktop_tray: closes the app's window on Xvfb as a window manager would (x11window.py)
  qml6-module-qt-labs-platform # the desktop tray icon (Qt.labs.platform SystemTrayIcon)
  python3-icalendar # tst_icalendar: an independent reader of the .ics files the app writes
  libssl-dev zlib1g-dev # HC1: ES256 with OpenSSL 3's libcrypto, zlib inflate with a cap
  python3-cbor2 python3-cryptography # tst_hc1: the independent HC1 encoder (make_hc1_vectors.py)
  python3-jwt # tst_push_webpush, tst_push_fcm: VAPID and FCM service-account JWTs verified (webpush_receiver.py, fcm_service.py)
  python3-h2 # tst_push_apns: the loopback HTTP/2 APNs provider API (apns_service.py)
  haproxy # scripts/run-cluster.sh and tst_cluster_haproxy: the load balancer in front of three nodes
  # video and QR tools for the scanner
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-libav
  gstreamer1.0-tools # gst-launch-1.0: tst_scannervideo makes its video with it
  zxing-cpp-tools zbar-tools qrencode
  # benchmarks (scripts/bench.sh): the peers zbar, plain SQLite and mosquitto
  libzbar-dev libsqlite3-dev mosquitto
)

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  if [[ "$status" != "install ok installed" ]]; then
    missing+=("$package")
  fi
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "Installing ${#missing[@]} missing packages: ${missing[*]}"
sudo=()
if [[ $(id -u) -ne 0 ]]; then
  sudo=(sudo)
fi
# slapd must not configure a system directory: the tests and the demo make their own.
echo "slapd slapd/no_configuration boolean true" | "${sudo[@]}" debconf-set-selections
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 update -qq
"${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}"
