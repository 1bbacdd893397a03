#!/usr/bin/env bash
# Builds Sprig and runs every test: the whole suite once, then the kernel tests (and the library's few vectorized
# loops) again on the narrower SIMD tiers (AVX-512 off: AVX2 paths; AVX2 off: Vector128 paths; hardware intrinsics
# off: scalar paths). Ends with the line 'N passed, N failed'.
set -uo pipefail
cd "$(dirname "$0")/.."

results=TestResults
rm -rf "$results"
dotnet build Sprig.slnx -c Release -nologo -v quiet || { echo "0 passed, 1 failed"; exit 1; }

status=0
run() {
    local name=$1; shift
    echo "== tests: $name"
    env "$@" dotnet test Sprig.slnx -c Release --no-build -nologo -v quiet \
        --logger "trx" --results-directory "$results/$name" || status=1
}
run default
echo "== kernel tests: DOTNET_EnableAVX512=0"
DOTNET_EnableAVX512=0 dotnet test tests/Sprig.Kernels.Tests -c Release --no-build -nologo -v quiet \
    --logger trx --results-directory "$results/no-avx512" || status=1
echo "== kernel tests: DOTNET_EnableAVX2=0"
DOTNET_EnableAVX2=0 dotnet test tests/Sprig.Kernels.Tests -c Release --no-build -nologo -v quiet \
    --logger trx --results-directory "$results/no-avx2" || status=1
echo "== kernel tests: DOTNET_EnableHWIntrinsic=0"
DOTNET_EnableHWIntrinsic=0 dotnet test tests/Sprig.Kernels.Tests -c Release --no-build -nologo -v quiet \
    --logger trx --results-directory "$results/scalar" || status=1
vectorized="FullyQualifiedName~DropoutScalesTests|FullyQualifiedName~DatasetTests"
echo "== library tests with vector loops: DOTNET_EnableAVX512=0, then DOTNET_EnableHWIntrinsic=0"
DOTNET_EnableAVX512=0 dotnet test tests/Sprig.Tests -c Release --no-build -nologo -v quiet --filter "$vectorized" \
    --logger trx --results-directory "$results/library-no-avx512" || status=1
DOTNET_EnableHWIntrinsic=0 dotnet test tests/Sprig.Tests -c Release --no-build -nologo -v quiet --filter "$vectorized" \
    --logger trx --results-directory "$results/library-scalar" || status=1

# Sum the counters of every TRX file: <Counters total=".." executed=".." passed=".." failed=".." .../>
passed=0; failed=0
while IFS= read -r counters; do
    p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
    f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
    passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done < <(find "$results" -name '*.trx' -exec grep -ho '<Counters [^>]*>' {} +)

if [ "$passed" -eq 0 ] || [ "$failed" -ne 0 ]; then status=1; fi
echo "$passed passed, $failed failed"
exit $status
