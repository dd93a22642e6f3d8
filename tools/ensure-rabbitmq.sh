#!/bin/sh
# Makes sure RabbitMQ (the broker of the STOMP and MQTT connected-mode tests)
# is on this machine. The tests start a private node of their own on
# 127.0.0.1 and stop it after, so the system service is never wanted:
# as root on Debian/Ubuntu, rabbitmq-server is installed with apt-get while a
# policy-rc.d forbids starting services, and if the package's service runs
# anyway it is stopped and disabled, so nothing listens on 0.0.0.0.
set -eu
have_rabbitmq() { [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || command -v rabbitmq-server >/dev/null 2>&1; }
if have_rabbitmq; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's rabbitmq-server with apt-get (its service is not started) ..."
  policy=/usr/sbin/policy-rc.d
  ours=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && ours=1
  fi
  apt-get update -qq >/dev/null
  status=0
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends rabbitmq-server >/dev/null || status=$?
  [ -n "$ours" ] && rm -f "$policy"
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    systemctl disable --now rabbitmq-server >/dev/null 2>&1 || true
  elif command -v update-rc.d >/dev/null 2>&1; then
    service rabbitmq-server stop >/dev/null 2>&1 || true
    update-rc.d rabbitmq-server disable >/dev/null 2>&1 || true
  fi
  # An epmd left by the package's scripts would listen on every address.
  if command -v epmd >/dev/null 2>&1 && epmd -names >/dev/null 2>&1; then
    epmd -kill >/dev/null 2>&1 || true
  fi
  [ "$status" = "0" ] && have_rabbitmq && exit 0
fi
echo "RabbitMQ not found: the STOMP and MQTT connected-mode tests will be skipped." >&2
echo "Install it (as root: 'apt-get install rabbitmq-server', then stop and disable its service)." >&2
exit 0
