#!/bin/sh
# The QuiverDB image's entry point (also run outside Docker by test/ops/entrypoint.test.ts, so what
# the image runs is tested).
#   (no arguments) or --flags   quiver serve on /data, listening on every interface; flags are
#                               passed to `quiver serve` and override QUIVER_* variables
#   shell|dump|load|version|help ...   that quiver command (e.g. docker exec ... shell)
#   anything else               run it (e.g. sh)
# Every setting also comes from QUIVER_* variables (quiver serve --help lists them); this script
# only gives the data directory and the host image-friendly defaults, without overriding them.
set -eu

QUIVER_BIN="${QUIVER_BIN:-/app/bin/quiver.js}"
export QUIVER_DATA_DIR="${QUIVER_DATA_DIR:-/data}"
export QUIVER_HOST="${QUIVER_HOST:-0.0.0.0}"

case "${1:-}" in
  '' | -*)
    mkdir -p "$QUIVER_DATA_DIR"
    # exec: node becomes the container's main process and gets SIGTERM (graceful shutdown).
    exec node "$QUIVER_BIN" serve "$@"
    ;;
  serve | shell | dump | load | version | help)
    exec node "$QUIVER_BIN" "$@"
    ;;
  *)
    exec "$@"
    ;;
esac
