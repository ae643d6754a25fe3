#!/usr/bin/env bash
# Side-by-side benchmark of hcwlens against lnav and `wc -l` on generated IIS W3C logs.
#
# For each size: generate one deterministic single-file workload with `hcwlens generate`, then
# time (median of N runs) and measure peak RSS of
#   hcwlens report FILE                 (the text report: findings, then evidence)
#   hcwlens report FILE --format json   (every failed and abandoned handshake, for scripts)
#   hcwlens report --explorer-load FILE (the explorer's whole load: index, lookups, merged
#                                        timeline; what the TUI does before it is ready)
#   hcwlens export FILE --format jsonl  (every request as a JSON line, for a SIEM)
#   lnav -n -c ';SELECT count(*) FROM w3c_log WHERE sc_status = 401' FILE
#   wc -l FILE
# and print a Markdown table (also written to benches/results.md).
#
# Environment (all optional):
#   SIZES="100M 1G"   sizes to generate (hcwlens size syntax: 20M, 1G, 1.5G ...)
#   RUNS=5            timed runs for sizes below 1 GiB; RUNS_LARGE=3 for 1 GiB and up
#   WARMUP=1          untimed runs before timing (page cache)
#   SEED=1            generator seed
#   WORKDIR=/tmp/hcwlens-bench   where workloads live (reused when already there)
#   SKIP_BUILD=1      do not run `cargo build --release`
#   HYPERFINE=0       time with a plain /usr/bin/time loop even if hyperfine is installed
#   HCWLENS=path      binary to benchmark (default target/release/hcwlens)
#   OUT=benches/results.md
#   SERVERS=1         servers to generate for SIZES; above 1 the workload is the whole server
#                     tree (`generate --servers N`, SIZE in all) and every command loads the tree
#   TREES="4G:4"      further workloads as SIZE:SERVERS (a server tree each), measured after
#                     SIZES; each gets a scaling line against the largest single-server size
#                     (its explorer load time and peak RSS over that size's, beside the size
#                     ratio: linear cost means both ratios at most the size ratio)
#   PAIRS=9           for each tree, this many alternating rounds of the two explorer loads
#                     (the single-server size, then the tree): the medians of the rounds' ratios
#                     of wall time and of CPU time; a round's two loads are seconds apart, where
#                     two medians are minutes apart on a machine whose speed drifts (0: none)
#   HTTPPROXY=1       also generate the day's Exchange HttpProxy logs (`generate --httpproxy`) and
#                     time `hcwlens report FILE HttpProxy/` (the IIS file plus those logs)
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
SIZES=${SIZES:-"100M 1G"}
RUNS=${RUNS:-5}
RUNS_LARGE=${RUNS_LARGE:-3}
WARMUP=${WARMUP:-1}
SEED=${SEED:-1}
WORKDIR=${WORKDIR:-${TMPDIR:-/tmp}/hcwlens-bench}
HCWLENS=${HCWLENS:-$ROOT/target/release/hcwlens}
OUT=${OUT:-$ROOT/benches/results.md}
HTTPPROXY=${HTTPPROXY:-0}
SERVERS=${SERVERS:-1}
TREES=${TREES:-}
PAIRS=${PAIRS:-9}

note() { printf '%s\n' "$*" >&2; }
have() { command -v "$1" >/dev/null 2>&1; }

if [[ -z ${SKIP_BUILD:-} ]]; then
    note "building release binary..."
    cargo build --release --quiet
fi
[[ -x $HCWLENS ]] || { note "error: $HCWLENS not found (build it or set HCWLENS)"; exit 1; }
[[ -x /usr/bin/time ]] || { note "error: /usr/bin/time (GNU time) is needed for peak RSS"; exit 1; }

mkdir -p "$WORKDIR"
LNAV_HOME=$WORKDIR/lnav-home # keep lnav's session state out of the user's home
mkdir -p "$LNAV_HOME"
NOTES=()
if ! have lnav; then
    NOTES+=("lnav is not installed: its rows are skipped.")
fi
USE_HYPERFINE=1
if [[ ${HYPERFINE:-1} == 0 ]] || ! have hyperfine || ! have jq; then
    USE_HYPERFINE=0
    NOTES+=("timed with a plain loop over /usr/bin/time (hyperfine or jq not used).")
fi

# size text -> bytes (binary multiples, like `hcwlens generate --size`)
to_bytes() {
    awk -v s="$1" 'BEGIN {
        n = s + 0; u = toupper(substr(s, length(n "") + 1)); sub(/I?B$/, "", u)
        m = (u == "K") ? 1024 : (u == "M") ? 1048576 : (u == "G") ? 1073741824 : (u == "T") ? 1099511627776 : 1
        printf "%.0f", n * m }'
}

# Generates (once) the workload for a size and prints its path: the log file for one server,
# the server tree for several.
workload() {
    local size=$1 servers=$2 dir=$WORKDIR/$1 file
    local extra=()
    [[ $HTTPPROXY == 1 ]] && extra=(--httpproxy)
    ((servers > 1)) && dir=$WORKDIR/$1-${servers}servers
    file=$(find "$dir" -name 'u_ex*.log' 2>/dev/null | sort | head -n1 || true)
    if [[ -z $file || ($HTTPPROXY == 1 && ! -d $dir/EX01/HttpProxy) ]]; then
        note "generating $size workload in $dir ..."
        "$HCWLENS" generate --size "$size" --servers "$servers" --days 1 --seed "$SEED" --out "$dir" "${extra[@]}" >/dev/null
        file=$(find "$dir" -name 'u_ex*.log' | sort | head -n1)
    fi
    [[ -n $file ]] || { note "error: no workload produced for $size"; exit 1; }
    if ((servers > 1)); then printf '%s\n' "$dir"; else printf '%s\n' "$file"; fi
}

# median of numbers on stdin
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Times one shell command: prints "<median seconds> <peak RSS MiB> <status> <fastest seconds>".
measure() {
    local cmd=$1 runs=$2 json=$WORKDIR/hyperfine.json secs rss status=ok fastest
    local timefile=$WORKDIR/time.txt
    # Peak RSS (and a check that the command works at all) from one run under GNU time.
    if ! /usr/bin/time -f '%M' -o "$timefile" bash -c "$cmd" >/dev/null 2>"$WORKDIR/stderr.txt"; then
        status=failed
    fi
    rss=$(awk 'END { printf "%.0f", $1 / 1024 }' "$timefile" 2>/dev/null || echo nan)
    if [[ $status == failed ]]; then
        note "  command failed: $cmd"
        sed 's/^/    /' "$WORKDIR/stderr.txt" | head -n 5 >&2
        printf 'nan %s failed nan\n' "$rss"
        return
    fi
    if ((USE_HYPERFINE)); then
        # -N: no intermediate shell, so fast commands are not dominated by shell start-up.
        hyperfine -N --style none --runs "$runs" --warmup "$WARMUP" --export-json "$json" \
            "$cmd" >/dev/null 2>&1 || status=failed
        secs=$(jq -r '.results[0].median' "$json" 2>/dev/null || echo nan)
        fastest=$(jq -r '.results[0].min' "$json" 2>/dev/null || echo nan)
    else
        for ((i = 0; i < WARMUP; i++)); do bash -c "$cmd" >/dev/null 2>&1 || true; done
        local all
        all=$(for ((i = 0; i < runs; i++)); do
            /usr/bin/time -f '%e' -o "$timefile" bash -c "$cmd" >/dev/null 2>&1 || true
            cat "$timefile"
        done)
        secs=$(median <<<"$all")
        fastest=$(sort -g <<<"$all" | head -n1)
    fi
    printf '%s %s %s %s\n' "$secs" "$rss" "$status" "${fastest:-nan}"
}

# Alternating rounds of two commands (first, then second): a sentence with the median of the
# rounds' ratios (second over first) of wall time and of CPU time (user + sys), and their ranges.
# The CPU time of the same work also grows in the VM's slow periods, but a round's two loads
# are seconds apart.
alternating() {
    local first=$1 second=$2 rounds=$3 timefile=$WORKDIR/time.txt a b i
    for ((i = 0; i < rounds; i++)); do
        /usr/bin/time -f '%e %U %S' -o "$timefile" bash -c "$first" >/dev/null 2>&1 || true
        a=$(tail -n 1 "$timefile")
        /usr/bin/time -f '%e %U %S' -o "$timefile" bash -c "$second" >/dev/null 2>&1 || true
        b=$(tail -n 1 "$timefile")
        awk -v a="$a" -v b="$b" 'BEGIN {
            split(a, x, " "); split(b, y, " ")
            if (x[1] > 0 && x[2] + x[3] > 0) printf "%.3f %.3f\n", y[1] / x[1], (y[2] + y[3]) / (x[2] + x[3])
        }'
    done | awk '
        function median(v, n,   i, j, t) {
            for (i = 2; i <= n; i++) { t = v[i]; for (j = i - 1; j >= 1 && v[j] > t; j--) v[j + 1] = v[j]; v[j + 1] = t }
            return (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
        }
        { w[NR] = $1; c[NR] = $2 }
        END {
            if (NR == 0) { print "Alternating rounds: none timed."; exit }
            mw = median(w, NR); mc = median(c, NR)
            printf "Alternating rounds (%d pairs, the single server then the tree): median %.2fx the time, %.2fx-%.2fx; median %.2fx the CPU time (user + sys), %.2fx-%.2fx.", NR, mw, w[1], w[NR], mc, c[1], c[NR]
        }'
}

ROWS=()
SCALING=()
# The explorer load of the largest single-server size: "<bytes> <seconds> <rss>", and its command.
EXPLORER_BASE=""
EXPLORER_BASE_CMD=""
WORKLOADS=()
for size in $SIZES; do WORKLOADS+=("$size:$SERVERS"); done
for tree in $TREES; do WORKLOADS+=("$tree"); done
for workload_spec in "${WORKLOADS[@]}"; do
    size=${workload_spec%%:*}
    servers=${workload_spec##*:}
    file=$(workload "$size" "$servers")
    bytes=$(find "$file" -name 'u_ex*.log' -printf '%s\n' | awk '{ s += $1 } END { printf "%.0f", s }')
    runs=$RUNS
    (($(to_bytes "$size") >= 1073741824)) && runs=$RUNS_LARGE
    q=$(printf '%q' "$file")
    declare -a tools=("hcwlens report" "hcwlens report --format json" "hcwlens explorer load" "hcwlens export --format jsonl" "lnav" "wc -l")
    declare -A cmds=(
        ["hcwlens report"]="$(printf '%q' "$HCWLENS") report $q"
        ["hcwlens report --format json"]="$(printf '%q' "$HCWLENS") report $q --format json"
        ["hcwlens explorer load"]="$(printf '%q' "$HCWLENS") report --explorer-load $q"
        ["hcwlens export --format jsonl"]="$(printf '%q' "$HCWLENS") export $q --format jsonl"
        ["lnav"]="env HOME=$(printf '%q' "$LNAV_HOME") lnav -n -c ';SELECT count(*) FROM w3c_log WHERE sc_status = 401' $q"
        ["wc -l"]="wc -l $q"
    )
    if ((servers > 1)); then
        # A tree: lnav and wc read every server's log (through a shell: hyperfine -N has none).
        lnav_tree="HOME=$(printf '%q' "$LNAV_HOME") lnav -n -c ';SELECT count(*) FROM w3c_log WHERE sc_status = 401' \$(find $q -name 'u_ex*.log')"
        cmds["lnav"]="bash -c $(printf '%q' "$lnav_tree")"
        cmds["wc -l"]="bash -c $(printf '%q' "find $q -name 'u_ex*.log' -exec cat {} + | wc -l")"
    fi
    proxy=$(dirname "$(dirname "$file")")/HttpProxy
    if [[ $HTTPPROXY == 1 && -d $proxy ]]; then
        tools=("hcwlens report" "hcwlens report + HttpProxy" "${tools[@]:1}")
        cmds["hcwlens report + HttpProxy"]="$(printf '%q' "$HCWLENS") report $q $(printf '%q' "$proxy")"
    fi
    base=""
    for tool in "${tools[@]}"; do
        if [[ $tool == lnav ]] && ! have lnav; then continue; fi
        note "[$size] $tool: $runs runs ..."
        read -r secs rss status fastest < <(measure "${cmds[$tool]}" "$runs")
        if [[ $tool == "hcwlens report" && $status == ok ]]; then base=$secs; fi
        ratio="-"
        if [[ $status == ok && -n $base ]]; then
            ratio=$(awk -v a="$secs" -v b="$base" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "-" }')
        fi
        shown=$(awk -v s="$secs" 'BEGIN { if (s == "nan") print "failed"; else printf "%.3f", s }')
        mb=$(awk -v b="$bytes" 'BEGIN { printf "%.0f MiB", b / 1048576 }')
        ((servers > 1)) && mb="$mb, $servers servers"
        ROWS+=("| $mb | $tool | $shown | $ratio | $rss |")
        if [[ $tool == "hcwlens explorer load" && $status == ok ]]; then
            if ((servers == 1)); then
                EXPLORER_BASE="$bytes $secs $rss $fastest"
                EXPLORER_BASE_CMD=${cmds[$tool]}
            elif [[ -n $EXPLORER_BASE ]]; then
                line=$(awk -v b="$EXPLORER_BASE" -v by="$bytes" -v s="$secs" -v r="$rss" -v f="$fastest" -v m="$mb" 'BEGIN {
                    split(b, x, " ")
                    printf "Explorer load, %s against %.0f MiB: %.2fx the size, %.2fx the time, %.2fx the peak RSS.", m, x[1] / 1048576, by / x[1], s / x[2], r / x[3]
                    if (f + 0 > 0 && x[4] + 0 > 0) printf " Fastest runs: %.2f s against %.2f s, %.2fx the time.", f, x[4], f / x[4] }')
                if ((PAIRS > 0)); then
                    note "[$size] explorer load: $PAIRS alternating rounds against the single-server size ..."
                    line="$line $(alternating "$EXPLORER_BASE_CMD" "${cmds[$tool]}" "$PAIRS")"
                fi
                SCALING+=("$line")
            fi
        fi
    done
done

{
    echo "# hcwlens side-by-side benchmark"
    echo
    echo "Generated by \`benches/compare.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'):" \
        "$(nproc) CPU(s), $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || echo unknown CPU)," \
        "$(awk '/MemTotal/ { printf "%.0f GiB RAM", $2 / 1048576 }' /proc/meminfo 2>/dev/null)."
    echo "Workloads: \`hcwlens generate --servers N --days 1 --seed $SEED\` (N = 1 unless the size says servers); medians of $RUNS runs" \
        "($RUNS_LARGE from 1 GiB up) after $WARMUP warm-up run(s), warm page cache."
    echo "$(lnav -V 2>/dev/null | head -n1 || true)"
    echo
    echo "| file size | tool | median s | ratio vs \`hcwlens report\` | peak RSS MiB |"
    echo "|---:|---|---:|---:|---:|"
    printf '%s\n' "${ROWS[@]}"
    if ((${#SCALING[@]})); then
        echo
        printf '%s\n' "${SCALING[@]}"
    fi
    for n in "${NOTES[@]}"; do echo; echo "Note: $n"; done
} | tee "$OUT"
note "written to $OUT"
