#!/usr/bin/env bash
# Builds the fuzz targets (dialect decoders, annotation importers, session reader, safetensors and config.json
# readers) with clang + libFuzzer + ASan/UBSan and fuzzes each one.
# usage: tests/fuzz/run-fuzzers.sh [SECONDS_PER_TARGET] [TARGET_NAME...]
# Prints executions per target and the total; exits 1 if any target crashed (the input is kept
# under build-fuzz/crashes/; copy it to tests/fuzz/regressions/<target without fuzz_>/ once fixed, where ctest
# replays it).
set -uo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-60}"
shift || true
build=build-fuzz
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DGC_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null || exit 2
cmake --build "$build" -j "$(nproc)" >/dev/null || { cmake --build "$build" -j1 | tail -30; exit 2; }
python3 tests/fuzz/make-seeds.py
mkdir -p "$build/crashes" "$build/logs"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(cd "$build/tests/fuzz" && ls fuzz_* | sort)
fi
total=0
crashed=0
printf '%-24s %14s %8s\n' target executions result
for t in "${targets[@]}"; do
  dialect_dir=$(ls -d tests/fuzz/seeds/* 2>/dev/null | while read -r d; do
    n=$(basename "$d" | tr -d . | tr - _); [ "fuzz_$n" = "$t" ] && echo "$d"; done)
  corpus="$build/corpus/$t"
  mkdir -p "$corpus"
  [ -n "$dialect_dir" ] && cp -n "$dialect_dir"/* "$corpus"/ 2>/dev/null
  # fixed crashes are replayed first; a target's folder exists only once one was kept (libFuzzer refuses a
  # missing directory, and every target would read as a crash)
  regressions=()
  [ -d "tests/fuzz/regressions/${t#fuzz_}" ] && regressions=("tests/fuzz/regressions/${t#fuzz_}")
  log="$build/logs/$t.log"
  "$build/tests/fuzz/$t" "$corpus" "${regressions[@]}" -max_total_time="$seconds" -max_len=8192 \
     -print_final_stats=1 -artifact_prefix="$build/crashes/$t-" -close_fd_mask=3 >"$log" 2>&1
  rc=$?
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  execs=${execs:-0}
  total=$((total + execs))
  result=ok
  if [ $rc -ne 0 ]; then result=CRASH; crashed=$((crashed + 1)); fi
  printf '%-24s %14s %8s\n' "$t" "$execs" "$result"
done
printf '%-24s %14s %8s\n' total "$total" "$crashed crashed"
[ $crashed -eq 0 ]
