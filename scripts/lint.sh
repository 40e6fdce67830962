#!/usr/bin/env bash
# Lint (part of scripts/test.sh, after the build): clang-tidy on the C++ files a change touches and
# qmllint on every .qml file, each against a recorded baseline. Fails on a warning not in the
# baseline; warnings that were there before do not fail it. docs/DEVELOPING.md, "Lint", says more.
#
#   scripts/lint.sh                      lint the change (see "Which C++ files" below)
#   scripts/lint.sh --all                clang-tidy on every C++ file (about 20 minutes on 2 cores)
#   scripts/lint.sh --base REV           clang-tidy on the files changed since REV
#   scripts/lint.sh --update-baseline    record what this run finds as the baseline; with --all the
#                                        whole clang-tidy baseline is replaced, otherwise only the
#                                        entries of the files linted this run
#
# Which C++ files: those changed between the base and the working tree (committed or not, and new
# untracked files). The base is --base, else the merge base with origin/main (or main) when HEAD is
# on a branch of its own, else HEAD~1 (on main, as in CI's fresh clone: the last commit; for a
# merge, everything the merge brought). A changed header is linted through its own .cpp, or else
# through one file that includes it. With no base at all (a clone without history) a bounded sample
# is linted, a different slice each day. At most LINT_MAX_FILES files (default 30: at 11-15 s of
# CPU a file, about 3 minutes on 2 cores, within CI's 5 for lint): beyond that the files with the
# most changed lines go first.
#
# Baselines (scripts/lint-baseline/): one warning a line, "path: severity: message [check]", without
# line and column so that moving code does not break them; a warning that occurs n times in a file
# is listed n times. Environment: LINT_BUILD_DIR (default build/ci, which must be built: clang-tidy
# needs its compile_commands.json and generated headers), LINT_JOBS (default: the cores),
# LINT_MAX_FILES, CLANG_TIDY, QMLLINT.
set -euo pipefail
export LC_ALL=C # sort and comm agree on the order
cd "$(dirname "$0")/.."
root=$PWD

build_dir=${LINT_BUILD_DIR:-build/ci}
jobs=${LINT_JOBS:-$(nproc)}
max_files=${LINT_MAX_FILES:-30}
clang_tidy=${CLANG_TIDY:-clang-tidy}
qmllint=${QMLLINT:-/usr/lib/qt6/bin/qmllint}
baseline_dir=scripts/lint-baseline
tidy_baseline=$baseline_dir/clang-tidy.txt
qml_baseline=$baseline_dir/qmllint.txt

all=0
update=0
base=""
while (($#)); do
  case "$1" in
    --all) all=1 ;;
    --update-baseline) update=1 ;;
    --base) base=$2; shift ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "lint.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

started=$(date +%s)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

compile_db=$build_dir/compile_commands.json
if [[ ! -f $compile_db ]]; then
  echo "lint.sh: no $compile_db: configure and build the ci preset first" >&2
  exit 2
fi

# clang-tidy reads the compile commands without the precompiled header (GCC's .gch is not clang's;
# every file includes what it uses, so nothing is missing without it).
mkdir -p "$work/db"
jq 'map(.command |= (gsub(" -Winvalid-pch"; "") | gsub(" -include [^ ]*/cmake_pch\\.hxx"; "")))' \
  "$compile_db" >"$work/db/compile_commands.json"

# Our C++ sources in the build (generated files under the build directory are not ours).
jq -r '.[].file' "$compile_db" | sed "s|^$root/||" | grep -v -e '^/' -e '^build' |
  grep -E '\.(cpp|cc|cxx)$' | sort -u >"$work/sources"

# --- which C++ files -----------------------------------------------------------------------------
has_rev() { git rev-parse --verify --quiet "$1^{commit}" >/dev/null; }
scope=""
if ((all)); then
  cp "$work/sources" "$work/tidy-files"
  scope="every C++ file"
else
  if [[ -z $base ]]; then
    for main in origin/main main; do
      if has_rev "$main"; then
        mb=$(git merge-base HEAD "$main" || true)
        if [[ -n $mb && $mb != $(git rev-parse HEAD) ]]; then
          base=$mb
          scope="changed since the merge base with $main (${mb:0:10})"
        fi
        break
      fi
    done
  fi
  if [[ -z $base ]] && has_rev HEAD~1; then
    base=$(git rev-parse HEAD~1)
    scope="changed by the last commit (since ${base:0:10})"
  elif [[ -n $base && -z $scope ]]; then
    has_rev "$base" || { echo "lint.sh: --base $base is not a commit here" >&2; exit 2; }
    scope="changed since $base"
  fi

  if [[ -n $base ]]; then
    # Changed lines per file, most first (the order the cap keeps; a moved file counts only
    # its edits), then new untracked files.
    git diff -M --numstat -z "$base" -- '*.cpp' '*.cc' '*.cxx' '*.h' '*.hpp' |
      while IFS= read -r -d '' record; do
        IFS=$'\t' read -r added deleted path <<<"$record"
        if [[ -z $path ]]; then # a move: the old path, then the new one
          IFS= read -r -d '' _
          IFS= read -r -d '' path
        fi
        printf '%d\t%s\n' $((${added/-/0} + ${deleted/-/0})) "$path"
      done | sort -t$'\t' -k1,1nr -k2,2 | cut -f2 >"$work/changed"
    git ls-files --others --exclude-standard -- '*.cpp' '*.cc' '*.cxx' '*.h' '*.hpp' >>"$work/changed"
    : >"$work/candidates"
    while IFS= read -r file; do
      [[ -f $file ]] || continue # deleted
      case "$file" in
        *.h | *.hpp)
          own=${file%.*}.cpp
          if grep -qxF "$own" "$work/sources"; then
            echo "$own"
          else
            # One translation unit that includes the header (by its file name) lints it.
            name=$(basename "$file")
            while IFS= read -r source; do
              if grep -qE "#include [\"<]([^\">]*/)?${name//./\\.}[\">]" "$source"; then
                echo "$source"
                break
              fi
            done <"$work/sources"
          fi
          ;;
        *) grep -xF "$file" "$work/sources" || true ;;
      esac
    done <"$work/changed" | awk '!seen[$0]++' >"$work/candidates"
  else
    # No history to compare with: a slice of the tree, a different one each day.
    total=$(wc -l <"$work/sources")
    slices=$(((total + max_files - 1) / max_files))
    slice=$((($(date +%s) / 86400) % slices))
    sed -n "$((slice * max_files + 1)),$(((slice + 1) * max_files))p" "$work/sources" >"$work/candidates"
    scope="no history to compare with: today's sample, slice $((slice + 1)) of $slices"
  fi
  candidates=$(wc -l <"$work/candidates")
  head -n "$max_files" "$work/candidates" >"$work/tidy-files"
  if ((candidates > max_files)); then
    scope="$scope; $max_files of $candidates files (LINT_MAX_FILES), most changed first"
  fi
fi
tidy_count=$(wc -l <"$work/tidy-files")

# --- clang-tidy ----------------------------------------------------------------------------------
# "path: severity: message [check]": a header's warning seen from several files counts once (sorted
# unique with its line first), then line and column go.
normalize_tidy() {
  grep -hE '^[^ ]+:[0-9]+:[0-9]+: (warning|error): ' "$@" |
    sed -E "s|^$root/||; :up; s#(^|/)[^/.][^/]*/\.\./#\1#; t up" | grep -v -e '^/' -e '^build/' | sort -u |
    sed -E 's/^([^:]+):[0-9]+:[0-9]+: /\1: /' | sort || true
}

tidy_started=$(date +%s)
mkdir -p "$work/tidy"
if ((tidy_count > 0)); then
  # One log per file, so that parallel runs do not interleave.
  tr '\n' '\0' <"$work/tidy-files" |
    xargs -0 -P "$jobs" -I{} sh -c \
      'log="$3/$(echo "$4" | tr / _).log"; "$1" -p "$2" --quiet "$4" >"$log" 2>&1 || echo "$4" >>"$3/failed"' \
      _ "$clang_tidy" "$work/db" "$work/tidy" {}
  normalize_tidy "$work"/tidy/*.log >"$work/tidy-found"
else
  : >"$work/tidy-found"
fi
tidy_seconds=$(($(date +%s) - tidy_started))

# --- qmllint -------------------------------------------------------------------------------------
qml_started=$(date +%s)
git ls-files --cached --others --exclude-standard -- '*.qml' | while IFS= read -r f; do
  [[ -f $f ]] && echo "$f"
done | sort >"$work/qml-files"
qml_count=$(wc -l <"$work/qml-files")
import_dir=$(sed -n 's/^TESSERA_QML_IMPORT_DIR:INTERNAL=//p' "$build_dir/CMakeCache.txt")
# The QML modules built as dynamic plugins (Tessera.Scanner), when the build has them.
plugin_dir=$(sed -n 's/^TESSERA_QML_PLUGIN_DIR:INTERNAL=//p' "$build_dir/CMakeCache.txt")
if [[ -z $import_dir ]]; then
  echo "lint.sh: no TESSERA_QML_IMPORT_DIR in $build_dir/CMakeCache.txt (built without the app?)" >&2
  exit 2
fi
: >"$work/qml-found"
if ((qml_count > 0)); then
  # qmllint's exit code says only "warnings"; its JSON says which, file by file.
  tr '\n' '\0' <"$work/qml-files" |
    xargs -0 "$qmllint" -I "$import_dir" ${plugin_dir:+-I "$plugin_dir"} --json "$work/qmllint.json" >/dev/null 2>&1 || true
  jq -r '.files[] | .filename as $f | .warnings[] | select(.type != "info")
         | "\($f): \(.type): \(.message | gsub("\n"; " ") | gsub(" at [^ ]*:[0-9]+:[0-9]+"; ""))"' \
    "$work/qmllint.json" | sed "s|^$root/||" | sort >"$work/qml-found"
fi
qml_seconds=$(($(date +%s) - qml_started))

# --- compare with the baselines ------------------------------------------------------------------
# Files moved since the base keep their baseline entries under the new path.
: >"$work/renames"
if [[ -n $base ]]; then
  git diff -M --name-status -z "$base" | while IFS= read -r -d '' status; do
    IFS= read -r -d '' path
    if [[ $status == R* ]]; then
      IFS= read -r -d '' moved_to
      printf '%s\t%s\n' "$path" "$moved_to"
    fi
  done >"$work/renames"
fi
moved_baseline() { # baseline file -> its lines with moved paths renamed
  [[ -f $1 ]] || return 0
  awk -F'\t' 'FILENAME == ARGV[1] { to[$1] = $2; next }
       { i = index($0, ": "); p = substr($0, 1, i - 1)
         if (p in to) print to[p] substr($0, i); else print }' "$work/renames" "$1"
}
# Numbering each line's occurrences makes comm compare counts: a third identical warning in a
# file that had two is new.
numbered() { awk '{ print $0 " #" ++n[$0] }' "$1" | sort; }
new_lines() { # found baseline
  comm -23 <(numbered "$1") <(moved_baseline "$2" | numbered /dev/stdin) | sed -E 's/ #[0-9]+$//'
}
new_lines "$work/tidy-found" "$tidy_baseline" >"$work/tidy-new"
new_lines "$work/qml-found" "$qml_baseline" >"$work/qml-new"
tidy_new=$(wc -l <"$work/tidy-new")
qml_new=$(wc -l <"$work/qml-new")

if ((update)); then
  mkdir -p "$baseline_dir"
  if ((all)) || [[ ! -f $tidy_baseline ]]; then
    cp "$work/tidy-found" "$tidy_baseline"
  else
    # Replace the entries of the files linted this run (and of any file they warned about).
    { cat "$work/tidy-files"; cut -d: -f1 "$work/tidy-found"; } >"$work/replaced"
    moved_baseline "$tidy_baseline" |
      awk 'FILENAME == ARGV[1] { linted[$0] = 1; next }
           !(substr($0, 1, index($0, ": ") - 1) in linted)' "$work/replaced" - >"$work/tidy-kept"
    sort "$work/tidy-kept" "$work/tidy-found" >"$work/tidy-merged"
    mv "$work/tidy-merged" "$tidy_baseline"
  fi
  cp "$work/qml-found" "$qml_baseline"
fi

# --- summary -------------------------------------------------------------------------------------
show() { # title file
  if [[ -s $2 ]]; then
    echo "$1:"
    sed 's/^/  /' "$2"
  fi
}
elapsed=$(($(date +%s) - started))
echo "clang-tidy: $tidy_count files ($scope), $(wc -l <"$work/tidy-found") warnings," \
  "$tidy_new new, ${tidy_seconds} s"
echo "qmllint:    $qml_count files, $(wc -l <"$work/qml-found") warnings, $qml_new new, ${qml_seconds} s"
if [[ -f $work/tidy/failed ]]; then
  echo "clang-tidy could not compile (its errors are listed as warnings):"
  sed 's/^/  /' "$work/tidy/failed"
fi
if ((update)); then
  echo "baseline recorded: $tidy_baseline ($(wc -l <"$tidy_baseline") lines)," \
    "$qml_baseline ($(wc -l <"$qml_baseline") lines)"
  echo "lint: ${elapsed} s"
  exit 0
fi
show "new clang-tidy warnings (not in $tidy_baseline)" "$work/tidy-new"
show "new qmllint warnings (not in $qml_baseline)" "$work/qml-new"
echo "lint: ${elapsed} s"
# A tool without a baseline file yet (a new checkout of the tooling) reports but does not fail.
for missing in "$tidy_baseline" "$qml_baseline"; do
  if [[ ! -f $missing ]]; then
    echo "lint: no $missing yet, so its warnings do not fail the run: record it with" \
      "scripts/lint.sh --all --update-baseline" >&2
    [[ $missing == "$tidy_baseline" ]] && tidy_new=0 || qml_new=0
  fi
done
if ((tidy_new + qml_new > 0)); then
  echo "lint: new warnings. Fix them (clang-tidy -p $build_dir FILE shows where), or, if one is" \
    "wrong, record it: scripts/lint.sh --update-baseline" >&2
  exit 1
fi
