/* SPDX-License-Identifier: MIT */
// jtune-burn: a duty-cycled CUDA workload. --kind gemm runs a compute-bound tiled matrix
// multiply, --kind copy a memory-bandwidth copy; batches are announced on stdout like the CPU
// burner ("jtune-batch begin K" / "jtune-batch end K") so jtune attributes energy per batch.
#include "jtune/workload/burn.h"

#include <cuda_runtime.h>

#include <cstdio>
#include <cstdlib>

namespace {

constexpr int kTile = 16;
constexpr int kGemmN = 1024;                 // 2 GFLOP per launch
constexpr size_t kCopyFloats = 64u << 20;    // 256 MiB per buffer

__global__ void sgemm_tiled(const float *a, const float *b, float *c, int n) {
    __shared__ float ta[kTile][kTile];
    __shared__ float tb[kTile][kTile];
    int row = blockIdx.y * kTile + threadIdx.y;
    int col = blockIdx.x * kTile + threadIdx.x;
    float acc = 0.0f;
    for (int t = 0; t < n; t += kTile) {
        ta[threadIdx.y][threadIdx.x] = a[row * n + t + threadIdx.x];
        tb[threadIdx.y][threadIdx.x] = b[(t + threadIdx.y) * n + col];
        __syncthreads();
        for (int k = 0; k < kTile; k++) {
            acc += ta[threadIdx.y][k] * tb[k][threadIdx.x];
        }
        __syncthreads();
    }
    c[row * n + col] = acc;
}

__global__ void copy_vec4(const float4 *src, float4 *dst, size_t n) {
    for (size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x; i < n;
         i += (size_t)gridDim.x * blockDim.x) {
        dst[i] = src[i];
    }
}

__global__ void fill(float *p, size_t n, float v) {
    for (size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x; i < n;
         i += (size_t)gridDim.x * blockDim.x) {
        p[i] = v + (float)(i % 13);
    }
}

struct Gpu {
    BurnKind kind;
    float *a = nullptr, *b = nullptr, *c = nullptr;
    int batch = 0;
};

bool check(cudaError_t e, const char *what) {
    if (e != cudaSuccess) {
        std::fprintf(stderr, "jtune-burn: %s: %s\n", what, cudaGetErrorString(e));
        return false;
    }
    return true;
}

int gpu_work(void *ctx, int64_t deadline_ns) {
    Gpu *g = static_cast<Gpu *>(ctx);
    int64_t start = burn_now_ns();
    long launches = 0;
    while (burn_now_ns() < deadline_ns && !burn_stopping()) {
        if (g->kind == BURN_GEMM) {
            dim3 block(kTile, kTile), grid(kGemmN / kTile, kGemmN / kTile);
            sgemm_tiled<<<grid, block>>>(g->a, g->b, g->c, kGemmN);
        } else {
            copy_vec4<<<1024, 256>>>(reinterpret_cast<const float4 *>(g->a),
                                     reinterpret_cast<float4 *>(g->b), kCopyFloats / 4);
        }
        if (!check(cudaDeviceSynchronize(), "kernel")) {
            return -5; /* -EIO */
        }
        launches++;
    }
    double s = (burn_now_ns() - start) / 1e9;
    g->batch++;
    if (g->kind == BURN_GEMM) {
        double gflop = 2.0 * kGemmN * kGemmN * (double)kGemmN * launches / 1e9;
        std::fprintf(stderr, "jtune-burn: batch %d: %ld launches, %.1f GFLOP/s\n", g->batch,
                     launches, s > 0 ? gflop / s : 0.0);
    } else {
        double gb = 2.0 * kCopyFloats * sizeof(float) * launches / 1e9;
        std::fprintf(stderr, "jtune-burn: batch %d: %ld launches, %.1f GB/s\n", g->batch,
                     launches, s > 0 ? gb / s : 0.0);
    }
    return 0;
}

bool gpu_init(Gpu *g) {
    size_t n = g->kind == BURN_GEMM ? (size_t)kGemmN * kGemmN : kCopyFloats;
    if (!check(cudaMalloc(&g->a, n * sizeof(float)), "cudaMalloc") ||
        !check(cudaMalloc(&g->b, n * sizeof(float)), "cudaMalloc") ||
        !check(cudaMalloc(&g->c, (g->kind == BURN_GEMM ? n : 1) * sizeof(float)), "cudaMalloc")) {
        return false;
    }
    fill<<<256, 256>>>(g->a, n, 0.5f);
    fill<<<256, 256>>>(g->b, n, 0.25f);
    return check(cudaDeviceSynchronize(), "init");
}

}  // namespace

int main(int argc, char **argv) {
    BurnArgs a;
    char err[256];
    int rc = burn_parse_args(argc, argv, &a, err, sizeof err);
    if (rc == 1) {
        burn_usage(stdout, "jtune-burn", true);
        return 0;
    }
    if (rc) {
        std::fprintf(stderr, "jtune-burn: %s\n", err);
        return 2;
    }
    int devices = 0;
    if (cudaGetDeviceCount(&devices) != cudaSuccess || devices == 0) {
        std::fprintf(stderr, "jtune-burn: no CUDA device (use jtune-burn-cpu instead)\n");
        return 3;
    }
    Gpu g;
    g.kind = a.kind;
    if (!gpu_init(&g)) {
        return 1;
    }
    const char *busy = a.kind == BURN_GEMM ? "gpu 100\nemc 30\n" : "gpu 70\nemc 95\n";
    rc = burn_run(&a, gpu_work, &g, busy, "gpu 0\nemc 0\n", stdout);
    cudaFree(g.a);
    cudaFree(g.b);
    cudaFree(g.c);
    return rc;
}
