#!/bin/sh
# JOCL 2.0.5 dlopen()s the unversioned "libOpenCL.so", which Debian and Ubuntu ship only in
# ocl-icd-opencl-dev; pocl-opencl-icd brings just libOpenCL.so.1. For the tests, link the versioned
# ICD loader as target/opencl-loader/libOpenCL.so (Surefire puts that folder on LD_LIBRARY_PATH).
# Without any loader nothing is linked and the tests report OpenCL as unavailable.
dir="$1/opencl-loader"
mkdir -p "$dir"
for lib in $(/sbin/ldconfig -p 2>/dev/null | awk '/libOpenCL\.so\.1 .*x86-64|libOpenCL\.so\.1 .*AArch64/ {print $NF}') \
        /usr/lib/x86_64-linux-gnu/libOpenCL.so.1 /usr/lib/aarch64-linux-gnu/libOpenCL.so.1 \
        /usr/lib64/libOpenCL.so.1 /usr/lib/libOpenCL.so.1; do
    if [ -e "$lib" ]; then
        ln -sf "$lib" "$dir/libOpenCL.so"
        exit 0
    fi
done
exit 0
