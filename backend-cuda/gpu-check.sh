#!/usr/bin/env bash
# Runs jrnn's CUDA backend tests (conformance kit, golden parity with PyTorch, provider, PTX
# resources) on a GPU machine that has the NVIDIA driver but no JDK and no Maven.
#
#   1. On a build machine (JDK 17, Maven, Maven Central reachable, same OS and CPU as the GPU machine):
#        backend-cuda/gpu-check.sh bundle [DIR]        # DIR defaults to backend-cuda/target/gpu-check
#      builds the module and what it depends on, then writes into DIR:
#        runtime/   a Java runtime made by jlink with just the modules the tests need (found by jdeps)
#        lib/       the backend's jar and every jar its tests use (jrnn, JCuda with its linux natives)
#        test-classes/, junit-platform-console-standalone.jar (JUnit's console launcher)
#        gpu-check.sh (this script)
#      Add --no-build after DIR to reuse jars already built and installed.
#   2. Copy DIR to the GPU machine (for example: tar czf gpu-check.tgz -C "$(dirname DIR)" "$(basename DIR)").
#   3. There:  DIR/gpu-check.sh run [--allow-skip]
#      runs every test class of dev.jrnn.backend.cuda except the source-tree check PtxSourceSyncTest,
#      prints the test tree and writes JUnit XML reports into DIR/reports. By default CUDA must be
#      available (system property jrnn.cuda.required=true), so a machine where the driver or GPU is
#      missing fails with the probe's reason instead of skipping; --allow-skip reports such tests as
#      skipped, which is how the bundle can be tried on a machine without a GPU.
#      Exit status: 0 when every test passed, 1 when one failed, 2 when no test was found.
set -euo pipefail

JUNIT_PLATFORM_VERSION="1.10.2"
DEPENDENCY_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.6.1"
EXCLUDED_GROUPS="org.junit.jupiter,org.junit.platform,org.opentest4j,org.apiguardian"

usage() {
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'
    exit 64
}

bundle() {
    local module root dir
    module="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
    root="$(dirname "$module")"
    dir="${1:-$module/target/gpu-check}"
    local build="${2:-}"
    if [ "$build" != "--no-build" ]; then
        mvn -q -f "$root/pom.xml" -pl backend-cuda -am install -DskipTests -Dmaven.javadoc.skip=true
    fi
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    rm -rf "$dir/runtime" "$dir/lib" "$dir/test-classes" "$dir/reports"
    mkdir -p "$dir/lib"
    mvn -q -f "$module/pom.xml" "$DEPENDENCY_PLUGIN:copy-dependencies" -DincludeScope=test \
        -DexcludeGroupIds="$EXCLUDED_GROUPS" -DoutputDirectory="$dir/lib"
    mvn -q -f "$module/pom.xml" "$DEPENDENCY_PLUGIN:copy" \
        -Dartifact="org.junit.platform:junit-platform-console-standalone:$JUNIT_PLATFORM_VERSION" \
        -DoutputDirectory="$dir" -Dmdep.stripVersion=true
    cp "$module"/target/jrnn-backend-cuda-*.jar "$dir/lib/"
    rm -f "$dir"/lib/jrnn-backend-cuda-*-sources.jar "$dir"/lib/jrnn-backend-cuda-*-tests.jar
    cp -r "$module/target/test-classes" "$dir/test-classes"
    cp "${BASH_SOURCE[0]}" "$dir/gpu-check.sh"
    chmod +x "$dir/gpu-check.sh"

    local modules
    modules="$(jdeps --multi-release 17 --ignore-missing-deps --print-module-deps \
        --class-path "$(classpath "$dir"):$dir/junit-platform-console-standalone.jar" \
        "$dir"/lib/*.jar "$dir/junit-platform-console-standalone.jar" "$dir/test-classes" | tail -n 1)"
    # JCuda reflects into jdk.unsupported; the launcher's reports need java.xml, logging java.logging.
    modules="$modules,jdk.unsupported,java.logging,java.xml"
    local jmods
    jmods="$(dirname "$(dirname "$(readlink -f "$(command -v jlink)")")")/jmods"
    jlink --module-path "$jmods" --add-modules "$modules" --output "$dir/runtime" --strip-debug --no-header-files --no-man-pages \
        --compress=2
    echo "bundle ready in $dir (runtime modules: $modules)"
    echo "copy it to the GPU machine and run: $(basename "$dir")/gpu-check.sh run"
}

classpath() {
    local dir="$1" cp="$1/test-classes" jar
    for jar in "$dir"/lib/*.jar; do
        cp="$cp:$jar"
    done
    echo "$cp"
}

run() {
    local dir required="true"
    dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
    if [ "${1:-}" = "--allow-skip" ]; then
        required="false"
    elif [ -n "${1:-}" ]; then
        usage
    fi
    for need in runtime/bin/java junit-platform-console-standalone.jar test-classes lib; do
        if [ ! -e "$dir/$need" ]; then
            echo "gpu-check: $dir/$need is missing; run 'gpu-check.sh bundle' on a build machine first" >&2
            exit 66
        fi
    done
    if command -v nvidia-smi >/dev/null 2>&1; then
        nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true
    fi
    "$dir/runtime/bin/java" -Djrnn.cuda.required="$required" -jar "$dir/junit-platform-console-standalone.jar" execute \
        --class-path "$(classpath "$dir")" \
        --select-package dev.jrnn.backend.cuda \
        --exclude-classname '.*PtxSourceSyncTest' \
        --fail-if-no-tests --disable-banner --disable-ansi-colors --details tree --details-theme ascii \
        --reports-dir "$dir/reports"
}

case "${1:-}" in
    bundle) shift; bundle "$@" ;;
    run) shift; run "$@" ;;
    *) usage ;;
esac
