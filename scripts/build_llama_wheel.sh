#!/usr/bin/env bash
# Installs llama-cpp-python[server] from a wheel built once into a cache outside the repo.
#
# Why a script: PyPI ships llama-cpp-python as an sdist only, and its default build uses
# -march=native. On these VMs the CPU reports AMX / AVX-512 that the hypervisor does not
# serve, so a native build segfaults at the first matmul. We build a portable wheel
# (AVX2/FMA, no AVX-512/AMX) once (~3+ min on 2 cores) and reuse it afterwards.
#
# Usage: scripts/build_llama_wheel.sh [PYTHON]      (default: .venv/bin/python)
# Env:   AFTERSALES_WHEEL_CACHE (default ~/.cache/aftersales/wheels)
set -euo pipefail

PY="${1:-.venv/bin/python}"
VERSION="0.3.36"
CACHE="${AFTERSALES_WHEEL_CACHE:-$HOME/.cache/aftersales/wheels}"
mkdir -p "$CACHE"

if "$PY" -c "import llama_cpp, sys; sys.exit(0 if llama_cpp.__version__ == '$VERSION' else 1)" 2>/dev/null; then
    exit 0
fi

wheel="$(ls "$CACHE"/llama_cpp_python-"$VERSION"-*.whl 2>/dev/null | head -n1 || true)"
if [ -z "$wheel" ]; then
    echo "building llama-cpp-python $VERSION (portable CPU build, a few minutes)..." >&2
    CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX512=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_TILE=OFF" \
    CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-2}" \
        "$PY" -m pip wheel --no-deps --no-binary llama-cpp-python \
        -w "$CACHE" "llama-cpp-python==$VERSION"
    wheel="$(ls "$CACHE"/llama_cpp_python-"$VERSION"-*.whl | head -n1)"
fi
# The [server] extra's dependencies come from PyPI as ordinary wheels; only the core is built.
"$PY" -m pip install -q --find-links "$CACHE" "llama-cpp-python[server]==$VERSION"
