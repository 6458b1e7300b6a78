#!/bin/sh
# A stand-in for sendmail(8) in altinn-sweep's tests (the tests copy it into a temp bin/
# folder on PATH, or name it in forward.sendmail_command).
#
# Normally it saves its arguments, one per line, as $FAKE_SENDMAIL_DIR/<id>.args and the
# message it reads on stdin as $FAKE_SENDMAIL_DIR/<id>.eml (written under .tmp first, so a
# complete .eml means the whole of stdin was read).
#
# With $FAKE_SENDMAIL_THEN set, it runs that shell snippet after saving the message, while
# altinn-sweep still waits for it: a test's way to have "a sync" act during a send.
#
# With $FAKE_SENDMAIL_FAIL set it behaves like a sendmail that cannot reach its relay: it
# reads and drops the message, prints that text on stderr and exits 75 (EX_TEMPFAIL).
set -eu
if [ -n "${FAKE_SENDMAIL_FAIL:-}" ]; then
  cat >/dev/null
  printf '%s\n' "$FAKE_SENDMAIL_FAIL" >&2
  exit 75
fi
dir=${FAKE_SENDMAIL_DIR:?FAKE_SENDMAIL_DIR is not set}
id=$(date +%s%N).$$
printf '%s\n' "$@" >"$dir/$id.args"
cat >"$dir/$id.tmp"
mv "$dir/$id.tmp" "$dir/$id.eml"
if [ -n "${FAKE_SENDMAIL_THEN:-}" ]; then
  sh -c "$FAKE_SENDMAIL_THEN"
fi
