import type { GpuSpecInput } from "./schema.js";

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/**
 * Memory as the driver reports it (nvidia-smi "total"), bandwidth from the vendor's spec sheet.
 *
 * How `memoryBytes` was obtained, entry by entry:
 * - "driver:" the figure is the `total` column of `nvidia-smi` (or ROCm's reported byte count) as pasted in
 *   public GitHub issues, READMEs and logs, seen on several independent machines.
 * - "spec:" no driver-reported figure could be confirmed; the marketing capacity is converted in the unit the
 *   vendor means (GDDR/HBM stacks and Apple unified memory are sized in GiB) and no reserve is subtracted.
 *
 * Datacenter cards are listed as they report with ECC enabled, which is their default. GeForce and RTX
 * workstation cards ship with ECC off (turning it on costs a few GiB of GDDR6 on the RTX A/Ada parts).
 *
 * Bare names people type ("a100", "h100", "v100", "3080", "mi250x", "m4 max") belong to exactly one entry;
 * each choice is explained on that entry. Where the catalog holds a single configuration of a chip
 * (e.g. the 128 GB M4 Max), the bare chip name resolves to it.
 *
 * Order: segment (consumer, workstation, datacenter, apple), then marketed memory.
 */
export const GPUS: readonly GpuSpecInput[] = [
  // ───────────────────────────── consumer ─────────────────────────────
  {
    // driver: 10240 MiB ("NVIDIA GeForce RTX 3080 ... 10240MiB"). Ampere GeForce cards report the full GiB.
    // Bare "3080" means this original 10 GB card, not the later 12 GB refresh.
    id: "rtx-3080",
    name: "NVIDIA GeForce RTX 3080",
    short: "RTX 3080 10GB",
    vendor: "nvidia",
    segment: "consumer",
    marketingGB: 10,
    memoryBytes: 10240 * MiB,
    bf16: true,
    fp8: false,
    bandwidthGBs: 760,
    aliases: [
      "3080",
      "rtx3080",
      "rtx 3080",
      "geforce rtx 3080",
      "nvidia geforce rtx 3080",
      "3080 10gb",
      "rtx 3080 10gb",
      "rtx-3080-10gb",
    ],
    source: "https://www.nvidia.com/en-us/geforce/graphics-cards/30-series/rtx-3080-3080ti/",
  },
  {
    // driver: 12288 MiB ("NVIDIA GeForce RTX 3060 ... 12288MiB"). The 8 GB RTX 3060 is not modelled.
    id: "rtx-3060",
    name: "NVIDIA GeForce RTX 3060 12GB",
    short: "RTX 3060 12GB",
    vendor: "nvidia",
    segment: "consumer",
    marketingGB: 12,
    memoryBytes: 12288 * MiB,
    bf16: true,
    fp8: false,
    bandwidthGBs: 360,
    aliases: [
      "3060",
      "rtx3060",
      "rtx 3060",
      "geforce rtx 3060",
      "nvidia geforce rtx 3060",
      "3060 12gb",
      "rtx 3060 12gb",
      "rtx-3060-12gb",
    ],
    source: "https://www.nvidia.com/en-us/geforce/graphics-cards/30-series/rtx-3060-3060ti/",
  },
  {
    // spec: 12 GiB of GDDR6X. No nvidia-smi paste of this card could be confirmed; its Ampere siblings
    // report the full GiB (3060 12GB: 12288 MiB, 3080 10GB: 10240 MiB), so 12288 MiB is expected.
    id: "rtx-3080-12gb",
    name: "NVIDIA GeForce RTX 3080 12GB",
    short: "RTX 3080 12GB",
    vendor: "nvidia",
    segment: "consumer",
    marketingGB: 12,
    memoryBytes: 12 * GiB,
    bf16: true,
    fp8: false,
    bandwidthGBs: 912,
    aliases: ["3080 12gb", "rtx 3080 12gb", "rtx3080-12gb", "geforce rtx 3080 12gb", "nvidia geforce rtx 3080 12gb"],
    source: "https://www.nvidia.com/en-us/geforce/graphics-cards/30-series/rtx-3080-3080ti/",
  },
  {
    // driver: 16380 MiB ("NVIDIA GeForce RTX 4060 Ti ... 16380MiB"; the 8 GB card reports 8188 MiB and is not
    // modelled, so bare "4060 ti" resolves to this 16 GB card, the one bought for LLM work).
    id: "rtx-4060-ti-16gb",
    name: "NVIDIA GeForce RTX 4060 Ti 16GB",
    short: "RTX 4060 Ti 16GB",
    vendor: "nvidia",
    segment: "consumer",
    marketingGB: 16,
    memoryBytes: 16380 * MiB,
    bf16: true,
    fp8: true,
    bandwidthGBs: 288,
    aliases: [
      "4060 ti",
      "4060ti",
      "rtx 4060 ti",
      "rtx4060ti",
      "4060 ti 16gb",
      "rtx 4060 ti 16gb",
      "rtx4060ti-16gb",
      "geforce rtx 4060 ti",
      "nvidia geforce rtx 4060 ti",
    ],
    source: "https://www.nvidia.com/en-us/geforce/graphics-cards/40-series/rtx-4060-4060ti/",
  },
  {
    // driver: 16376 MiB ("RTX4070TiSUPER 6274/16376MiB"; "NVIDIA GeForce RTX 4070 ... 285W | 16376MiB").
    id: "rtx-4070-ti-super",
    name: "NVIDIA GeForce RTX 4070 Ti SUPER",
    short: "RTX 4070 Ti Super",
    vendor: "nvidia",
    segment: "consumer",
    marketingGB: 16,
    memoryBytes: 16376 * MiB,
    bf16: true,
    fp8: true,
    bandwidthGBs: 672,
    aliases: [
      "4070 ti super",
      "4070ti super",
      "4070tisuper",
      "rtx 4070 ti super",
      "rtx4070tisuper",
      "geforce rtx 4070 ti super",
      "nvidia geforce rtx 4070 ti super",
    ],
    source: "https://www.nvidia.com/en-us/geforce/graphics-cards/40-series/rtx-4070-family/",
  },
  {
    // driver: 16376 MiB ("NVIDIA GeForce RTX 4080 ... 16376MiB"). Bare "4080" is the original, not the Super.
    id: "rtx-4080",
    name: "NVIDIA GeForce RTX 4080",
    short: "RTX 4080",
    vendor: "nvidia",
    segment: "consumer",
    marketingGB: 16,
    memoryBytes: 16376 * MiB,
    bf16: true,
    fp8: true,
    bandwidthGBs: 716.8,
    aliases: ["4080", "rtx4080", "rtx 4080", "geforce rtx 4080", "nvidia geforce rtx 4080"],
    source: "https://www.nvidia.com/en-us/geforce/graphics-cards/40-series/rtx-4080-family/",
  },
  {
    // driver: 16376 MiB ("NVIDIA RTX 4080 SUPER (16376 MiB, driver 596.36)").
    id: "rtx-4080-super",
    name: "NVIDIA GeForce RTX 4080 SUPER",
    short: "RTX 4080 Super",
    vendor: "nvidia",
    segment: "consumer",
    marketingGB: 16,
    memoryBytes: 16376 * MiB,
    bf16: true,
    fp8: true,
    bandwidthGBs: 736,
    aliases: [
      "4080 super",
      "4080super",
      "rtx 4080 super",
      "rtx4080super",
      "rtx4080 super",
      "geforce rtx 4080 super",
      "nvidia geforce rtx 4080 super",
    ],
    source: "https://www.nvidia.com/en-us/geforce/graphics-cards/40-series/rtx-4080-family/",
  },
  {
    // driver: 16303 MiB ("NVIDIA GeForce RTX 5070 Ti ... 16303MiB").
    id: "rtx-5070-ti",
    name: "NVIDIA GeForce RTX 5070 Ti",
    short: "RTX 5070 Ti",
    vendor: "nvidia",
    segment: "consumer",
    marketingGB: 16,
    memoryBytes: 16303 * MiB,
    bf16: true,
    fp8: true,
    bandwidthGBs: 896,
    aliases: ["5070 ti", "5070ti", "rtx 5070 ti", "rtx5070ti", "geforce rtx 5070 ti", "nvidia geforce rtx 5070 ti"],
    source: "https://www.nvidia.com/en-us/geforce/graphics-cards/50-series/rtx-5070-family/",
  },
  {
    // driver: 16303 MiB ("NVIDIA GeForce RTX 5080 ... 16303MiB").
    id: "rtx-5080",
    name: "NVIDIA GeForce RTX 5080",
    short: "RTX 5080",
    vendor: "nvidia",
    segment: "consumer",
    marketingGB: 16,
    memoryBytes: 16303 * MiB,
    bf16: true,
    fp8: true,
    bandwidthGBs: 960,
    aliases: ["5080", "rtx5080", "rtx 5080", "geforce rtx 5080", "nvidia geforce rtx 5080"],
    source: "https://www.nvidia.com/en-us/geforce/graphics-cards/50-series/rtx-5080/",
  },
  {
    // driver: 24576 MiB ("NVIDIA GeForce RTX 3090 ... 24576MiB"). Note the 3090 Ti and 4090 report 12 MiB less.
    id: "rtx-3090",
    name: "NVIDIA GeForce RTX 3090",
    short: "RTX 3090",
    vendor: "nvidia",
    segment: "consumer",
    marketingGB: 24,
    memoryBytes: 24576 * MiB,
    bf16: true,
    fp8: false,
    bandwidthGBs: 936,
    aliases: ["3090", "rtx3090", "rtx 3090", "geforce rtx 3090", "nvidia geforce rtx 3090"],
    source: "https://www.nvidia.com/en-us/geforce/graphics-cards/30-series/rtx-3090-3090ti/",
  },
  {
    // driver: 24564 MiB ("NVIDIA GeForce RTX 3090 Ti ... 24564MiB").
    id: "rtx-3090-ti",
    name: "NVIDIA GeForce RTX 3090 Ti",
    short: "RTX 3090 Ti",
    vendor: "nvidia",
    segment: "consumer",
    marketingGB: 24,
    memoryBytes: 24564 * MiB,
    bf16: true,
    fp8: false,
    bandwidthGBs: 1008,
    aliases: ["3090 ti", "3090ti", "rtx 3090 ti", "rtx3090ti", "geforce rtx 3090 ti", "nvidia geforce rtx 3090 ti"],
    source: "https://www.nvidia.com/en-us/geforce/graphics-cards/30-series/rtx-3090-3090ti/",
  },
  {
    // driver: 24564 MiB ("NVIDIA GeForce RTX 4090 ... 24564MiB").
    id: "rtx-4090",
    name: "NVIDIA GeForce RTX 4090",
    short: "RTX 4090",
    vendor: "nvidia",
    segment: "consumer",
    marketingGB: 24,
    memoryBytes: 24564 * MiB,
    bf16: true,
    fp8: true,
    bandwidthGBs: 1008,
    aliases: ["4090", "rtx4090", "rtx 4090", "geforce rtx 4090", "nvidia geforce rtx 4090"],
    source: "https://www.nvidia.com/en-us/geforce/graphics-cards/40-series/rtx-4090/",
  },
  {
    // driver: 32607 MiB ("NVIDIA GeForce RTX 5090 ... 32607MiB").
    id: "rtx-5090",
    name: "NVIDIA GeForce RTX 5090",
    short: "RTX 5090",
    vendor: "nvidia",
    segment: "consumer",
    marketingGB: 32,
    memoryBytes: 32607 * MiB,
    bf16: true,
    fp8: true,
    bandwidthGBs: 1792,
    aliases: ["5090", "rtx5090", "rtx 5090", "geforce rtx 5090", "nvidia geforce rtx 5090"],
    source: "https://www.nvidia.com/en-us/geforce/graphics-cards/50-series/rtx-5090/",
  },

  // ──────────────────────────── workstation ───────────────────────────
  {
    // driver: 16376 MiB ("NVIDIA RTX A4000 ... 16376MiB", ECC off).
    id: "rtx-a4000",
    name: "NVIDIA RTX A4000",
    short: "RTX A4000",
    vendor: "nvidia",
    segment: "workstation",
    marketingGB: 16,
    memoryBytes: 16376 * MiB,
    bf16: true,
    fp8: false,
    bandwidthGBs: 448,
    aliases: ["a4000", "rtx a4000", "rtxa4000", "nvidia rtx a4000"],
    source: "https://www.nvidia.com/en-us/design-visualization/rtx-a4000/",
  },
  {
    // driver: 24564 MiB ("NVIDIA RTX A5000 ... 24564MiB", ECC off).
    id: "rtx-a5000",
    name: "NVIDIA RTX A5000",
    short: "RTX A5000",
    vendor: "nvidia",
    segment: "workstation",
    marketingGB: 24,
    memoryBytes: 24564 * MiB,
    bf16: true,
    fp8: false,
    bandwidthGBs: 768,
    aliases: ["a5000", "rtx a5000", "rtxa5000", "nvidia rtx a5000"],
    source: "https://www.nvidia.com/en-us/design-visualization/rtx-a5000/",
  },
  {
    // driver: 49140 MiB ("NVIDIA RTX A6000 ... 49140MiB", ECC off, the shipping default). Bare "a6000" is this
    // Ampere card; the Ada successor is "6000 ada".
    id: "rtx-a6000",
    name: "NVIDIA RTX A6000",
    short: "RTX A6000",
    vendor: "nvidia",
    segment: "workstation",
    marketingGB: 48,
    memoryBytes: 49140 * MiB,
    bf16: true,
    fp8: false,
    bandwidthGBs: 768,
    aliases: ["a6000", "rtx a6000", "rtxa6000", "nvidia rtx a6000"],
    source: "https://www.nvidia.com/en-us/design-visualization/rtx-a6000/",
  },
  {
    // driver: 49140 MiB ("NVIDIA RTX 6000 Ada Gene... 49140MiB", ECC off). Bare "rtx 6000" is left unassigned:
    // it also names the Turing Quadro RTX 6000 (24 GB) and the RTX PRO 6000 Blackwell (96 GB).
    id: "rtx-6000-ada",
    name: "NVIDIA RTX 6000 Ada Generation",
    short: "RTX 6000 Ada",
    vendor: "nvidia",
    segment: "workstation",
    marketingGB: 48,
    memoryBytes: 49140 * MiB,
    bf16: true,
    fp8: true,
    bandwidthGBs: 960,
    aliases: [
      "6000 ada",
      "rtx 6000 ada",
      "rtx6000ada",
      "rtx6000 ada",
      "rtx 6000 ada generation",
      "nvidia rtx 6000 ada generation",
    ],
    source: "https://www.nvidia.com/en-us/design-visualization/rtx-6000/",
  },
  {
    // driver: 97887 MiB, the same on the Workstation, Max-Q Workstation and Server editions
    // ("NVIDIA RTX PRO 6000 Blackwell Max-Q Workstation Edition mem=2/97887MiB"; "Server Edition 97887MiB").
    id: "rtx-pro-6000",
    name: "NVIDIA RTX PRO 6000 Blackwell",
    short: "RTX PRO 6000",
    vendor: "nvidia",
    segment: "workstation",
    marketingGB: 96,
    memoryBytes: 97887 * MiB,
    bf16: true,
    fp8: true,
    bandwidthGBs: 1792,
    aliases: [
      "pro 6000",
      "rtx pro 6000",
      "rtxpro6000",
      "rtx pro 6000 blackwell",
      "rtx-pro-6000-blackwell",
      "nvidia rtx pro 6000 blackwell workstation edition",
      "nvidia rtx pro 6000 blackwell max-q workstation edition",
      "nvidia rtx pro 6000 blackwell server edition",
    ],
    source: "https://www.nvidia.com/en-us/products/workstations/professional-desktop-gpus/rtx-pro-6000/",
  },

  // ──────────────────────────── datacenter ────────────────────────────
  {
    // driver: 15360 MiB ("Tesla T4 ... 15360MiB", ECC on, as every cloud runs it). With ECC off it reports 16384 MiB.
    id: "t4",
    name: "NVIDIA Tesla T4",
    short: "T4",
    vendor: "nvidia",
    segment: "datacenter",
    marketingGB: 16,
    memoryBytes: 15360 * MiB,
    bf16: false,
    fp8: false,
    bandwidthGBs: 320,
    aliases: ["tesla t4", "nvidia t4", "nvidia tesla t4", "t4 16gb"],
    source: "https://www.nvidia.com/en-us/data-center/tesla-t4/",
  },
  {
    // driver: 16160 MiB ("Tesla V100-SXM2... 16160MiB" and "Tesla V100-PCIE... 16160MiB", ECC on). Some drivers
    // report 16384 MiB for the same card; the smaller figure is kept. Bare "v100" is this 16 GB card: it is what
    // most clouds rent (AWS p3.2xlarge-16xlarge, GCP, Azure NCv3), and a plan that fits it fits the 32 GB one.
    id: "v100-16gb",
    name: "NVIDIA Tesla V100 16GB",
    short: "V100 16GB",
    vendor: "nvidia",
    segment: "datacenter",
    marketingGB: 16,
    memoryBytes: 16160 * MiB,
    bf16: false,
    fp8: false,
    bandwidthGBs: 900,
    aliases: [
      "v100",
      "tesla v100",
      "v100-16",
      "v100 16gb",
      "v100 16",
      "v100-sxm2-16gb",
      "v100-pcie-16gb",
      "tesla v100-sxm2-16gb",
      "tesla v100-pcie-16gb",
    ],
    source: "https://www.nvidia.com/en-us/data-center/v100/",
  },
  {
    // driver: 23034 MiB ("NVIDIA L4 ... 23034MiB", ECC on).
    id: "l4",
    name: "NVIDIA L4",
    short: "L4",
    vendor: "nvidia",
    segment: "datacenter",
    marketingGB: 24,
    memoryBytes: 23034 * MiB,
    bf16: true,
    fp8: true,
    bandwidthGBs: 300,
    aliases: ["nvidia l4", "l4 24gb"],
    source: "https://www.nvidia.com/en-us/data-center/l4/",
  },
  {
    // driver: 23028 MiB ("NVIDIA A10 ... 23028MiB", ECC on).
    id: "a10",
    name: "NVIDIA A10",
    short: "A10",
    vendor: "nvidia",
    segment: "datacenter",
    marketingGB: 24,
    memoryBytes: 23028 * MiB,
    bf16: true,
    fp8: false,
    bandwidthGBs: 600,
    aliases: ["nvidia a10", "a10 24gb"],
    source: "https://www.nvidia.com/en-us/data-center/products/a10-gpu/",
  },
  {
    // driver: 23028 MiB ("NVIDIA A10G ... 23028MiB", ECC on). AWS-only variant of the A10 (EC2 G5); NVIDIA publishes
    // no page for it, so the source is AWS's. Bandwidth as the A10's (same GA102 board, 384-bit GDDR6).
    id: "a10g",
    name: "NVIDIA A10G",
    short: "A10G",
    vendor: "nvidia",
    segment: "datacenter",
    marketingGB: 24,
    memoryBytes: 23028 * MiB,
    bf16: true,
    fp8: false,
    bandwidthGBs: 600,
    aliases: ["nvidia a10g", "a10g 24gb"],
    source: "https://aws.amazon.com/ec2/instance-types/g5/",
  },
  {
    // driver: 32510 MiB ("Tesla V100-SXM2... 32510MiB", "Tesla V100-PCIE... 32510MiB", ECC on). Newer drivers
    // sometimes report 32768 MiB; the smaller figure is kept.
    id: "v100-32gb",
    name: "NVIDIA Tesla V100 32GB",
    short: "V100 32GB",
    vendor: "nvidia",
    segment: "datacenter",
    marketingGB: 32,
    memoryBytes: 32510 * MiB,
    bf16: false,
    fp8: false,
    bandwidthGBs: 900,
    aliases: [
      "v100-32",
      "v100 32gb",
      "v100 32",
      "v100-sxm2-32gb",
      "v100-pcie-32gb",
      "tesla v100-sxm2-32gb",
      "tesla v100-pcie-32gb",
    ],
    source: "https://www.nvidia.com/en-us/data-center/v100/",
  },
  {
    // driver: 40960 MiB, the same for SXM4 and PCIe ("NVIDIA A100-SXM4-40GB ... 40960MiB";
    // "NVIDIA A100-PCIE-40GB ... 40960MiB"). Both have 1555 GB/s.
    id: "a100-40gb",
    name: "NVIDIA A100 40GB",
    short: "A100 40GB",
    vendor: "nvidia",
    segment: "datacenter",
    marketingGB: 40,
    memoryBytes: 40960 * MiB,
    bf16: true,
    fp8: false,
    bandwidthGBs: 1555,
    aliases: [
      "a100-40",
      "a100 40gb",
      "a100 40",
      "a100-sxm4-40gb",
      "a100-pcie-40gb",
      "nvidia a100-sxm4-40gb",
      "nvidia a100-pcie-40gb",
    ],
    source: "https://www.nvidia.com/en-us/data-center/a100/",
  },
  {
    // driver: 46068 MiB ("NVIDIA L40 ... 46068MiB", ECC on). NVIDIA sells the L40/L40S as data-center cards
    // (passive, server-only), so they are filed here rather than under workstation.
    id: "l40",
    name: "NVIDIA L40",
    short: "L40",
    vendor: "nvidia",
    segment: "datacenter",
    marketingGB: 48,
    memoryBytes: 46068 * MiB,
    bf16: true,
    fp8: true,
    bandwidthGBs: 864,
    aliases: ["nvidia l40", "l40 48gb"],
    source: "https://www.nvidia.com/en-us/data-center/l40/",
  },
  {
    // driver: 46068 MiB ("NVIDIA L40S ... 46068MiB", ECC on).
    id: "l40s",
    name: "NVIDIA L40S",
    short: "L40S",
    vendor: "nvidia",
    segment: "datacenter",
    marketingGB: 48,
    memoryBytes: 46068 * MiB,
    bf16: true,
    fp8: true,
    bandwidthGBs: 864,
    aliases: ["nvidia l40s", "l40s 48gb"],
    source: "https://www.nvidia.com/en-us/data-center/l40s/",
  },
  {
    // driver: 68,702,699,520 bytes = 65,520 MiB ("AMD Instinct MI250X ... Total GPU memory 68702699520").
    // One of the two graphics compute dies (GCDs) of an MI250X: each GCD is a separate device to ROCm, PyTorch
    // and vLLM, so this is what a single-device plan can use. See `mi250x` for the whole package.
    id: "mi250x-gcd",
    name: "AMD Instinct MI250X (one GCD)",
    short: "MI250X GCD",
    vendor: "amd",
    segment: "datacenter",
    marketingGB: 64,
    memoryBytes: 68702699520,
    bf16: true,
    fp8: false,
    bandwidthGBs: 1638.4,
    aliases: ["mi250x gcd", "mi250x-64gb", "mi250x 64gb", "mi250x half"],
    source: "https://www.amd.com/en/products/accelerators/instinct/mi200/mi250x.html",
  },
  {
    // driver: 81920 MiB, the same for SXM4 and PCIe ("NVIDIA A100-SXM4-80GB ... 81920MiB";
    // "NVIDIA A100 80GB PCIe ... 81920MiB"). Bandwidth is the SXM4's (PCIe: 1935 GB/s).
    // Bare "a100" is this 80 GB card: it is the A100 most rented today, and the 40 GB one is "a100-40".
    id: "a100-80gb",
    name: "NVIDIA A100 80GB",
    short: "A100 80GB",
    vendor: "nvidia",
    segment: "datacenter",
    marketingGB: 80,
    memoryBytes: 81920 * MiB,
    bf16: true,
    fp8: false,
    bandwidthGBs: 2039,
    aliases: [
      "a100",
      "nvidia a100",
      "a100-80",
      "a100 80gb",
      "a100 80",
      "a100-sxm4-80gb",
      "a100-pcie-80gb",
      "a100 80gb pcie",
      "nvidia a100-sxm4-80gb",
      "nvidia a100 80gb pcie",
    ],
    source: "https://www.nvidia.com/en-us/data-center/a100/",
  },
  {
    // driver: 81559 MiB ("NVIDIA H100 PCIe ... 81559MiB", ECC on).
    id: "h100-pcie",
    name: "NVIDIA H100 PCIe",
    short: "H100 PCIe",
    vendor: "nvidia",
    segment: "datacenter",
    marketingGB: 80,
    memoryBytes: 81559 * MiB,
    bf16: true,
    fp8: true,
    bandwidthGBs: 2000,
    aliases: ["h100 pcie", "h100pcie", "h100-pcie-80gb", "nvidia h100 pcie"],
    source: "https://www.nvidia.com/en-us/data-center/h100/",
  },
  {
    // driver: 81559 MiB ("NVIDIA H100 80GB HBM3 ... 81559MiB", ECC on). Bare "h100" is this SXM5 card, the
    // one in HGX/DGX systems and most H100 rentals.
    id: "h100-sxm",
    name: "NVIDIA H100 SXM5 80GB",
    short: "H100 SXM",
    vendor: "nvidia",
    segment: "datacenter",
    marketingGB: 80,
    memoryBytes: 81559 * MiB,
    bf16: true,
    fp8: true,
    bandwidthGBs: 3350,
    aliases: [
      "h100",
      "nvidia h100",
      "h100 sxm",
      "h100sxm",
      "h100-sxm5",
      "h100 sxm5",
      "h100-80gb",
      "h100 80gb",
      "h100 80gb hbm3",
      "nvidia h100 80gb hbm3",
    ],
    source: "https://www.nvidia.com/en-us/data-center/h100/",
  },
  {
    // driver: 95830 MiB ("NVIDIA H100 NVL ... 95830MiB", ECC on).
    id: "h100-nvl",
    name: "NVIDIA H100 NVL",
    short: "H100 NVL",
    vendor: "nvidia",
    segment: "datacenter",
    marketingGB: 94,
    memoryBytes: 95830 * MiB,
    bf16: true,
    fp8: true,
    bandwidthGBs: 3900,
    aliases: ["h100 nvl", "h100nvl", "h100-94gb", "h100 94gb", "nvidia h100 nvl"],
    source: "https://www.nvidia.com/en-us/data-center/h100/",
  },
  {
    // driver: 97871 MiB ("NVIDIA GH200 480GB ... 97871MiB"). The GPU half of a Grace Hopper superchip with
    // 96 GB HBM3; "480GB" in the name counts the Grace CPU's LPDDR5X, which is not GPU memory. The later
    // 144 GB HBM3e GH200 is not modelled.
    id: "gh200",
    name: "NVIDIA GH200 Grace Hopper (96GB HBM3)",
    short: "GH200",
    vendor: "nvidia",
    segment: "datacenter",
    marketingGB: 96,
    memoryBytes: 97871 * MiB,
    bf16: true,
    fp8: true,
    bandwidthGBs: 4000,
    aliases: ["gh200 480gb", "gh200 96gb", "gh200-96gb", "grace hopper", "nvidia gh200 480gb"],
    source: "https://www.nvidia.com/en-us/data-center/grace-hopper-superchip/",
  },
  {
    // driver: 2 x 68,702,699,520 bytes (two GCDs of 65,520 MiB each, see `mi250x-gcd`).
    // CAUTION: the 128 GB package presents as TWO devices of 64 GB to ROCm and every framework; nothing can
    // place one 100 GB tensor set on it without splitting it across the two GCDs (tensor/pipeline parallel).
    // Bare "mi250x" is this whole package because that is what the name means on a spec sheet; a single-device
    // plan should use `mi250x-gcd`.
    id: "mi250x",
    name: "AMD Instinct MI250X (package, 2 GCDs)",
    short: "MI250X",
    vendor: "amd",
    segment: "datacenter",
    marketingGB: 128,
    memoryBytes: 2 * 68702699520,
    bf16: true,
    fp8: false,
    bandwidthGBs: 3276.8,
    aliases: ["amd mi250x", "instinct mi250x", "amd instinct mi250x", "mi250x 128gb", "mi250x-128gb"],
    source: "https://www.amd.com/en/products/accelerators/instinct/mi200/mi250x.html",
  },
  {
    // driver: 143771 MiB ("NVIDIA H200 ... 143771MiB", ECC on).
    id: "h200",
    name: "NVIDIA H200",
    short: "H200",
    vendor: "nvidia",
    segment: "datacenter",
    marketingGB: 141,
    memoryBytes: 143771 * MiB,
    bf16: true,
    fp8: true,
    bandwidthGBs: 4800,
    aliases: ["nvidia h200", "h200 sxm", "h200-sxm", "h200 141gb", "h200-141gb"],
    source: "https://www.nvidia.com/en-us/data-center/h200/",
  },
  {
    // driver: 183359 MiB ("NVIDIA B200 ... 183359MiB", ECC on). NVIDIA's DGX B200 sheet gives 1,440 GB and
    // 64 TB/s for 8 GPUs, i.e. 180 GB and 8 TB/s each (early announcements said 192 GB).
    id: "b200",
    name: "NVIDIA B200",
    short: "B200",
    vendor: "nvidia",
    segment: "datacenter",
    marketingGB: 180,
    memoryBytes: 183359 * MiB,
    bf16: true,
    fp8: true,
    bandwidthGBs: 8000,
    aliases: ["nvidia b200", "b200 sxm", "b200-180gb", "b200 180gb"],
    source: "https://www.nvidia.com/en-us/data-center/dgx-b200/",
  },
  {
    // driver: 205,822,885,888 bytes = 196,288 MiB (rocm-smi "VRAM Total Memory (B): 205822885888"; also what
    // torch.cuda.mem_get_info reports on ROCm). AMD's "192 GB" is GiB: 8 HBM3 stacks of 24 GiB.
    id: "mi300x",
    name: "AMD Instinct MI300X",
    short: "MI300X",
    vendor: "amd",
    segment: "datacenter",
    marketingGB: 192,
    memoryBytes: 205822885888,
    bf16: true,
    fp8: true,
    bandwidthGBs: 5300,
    aliases: ["mi300", "amd mi300x", "instinct mi300x", "amd instinct mi300x", "mi300x 192gb"],
    source: "https://www.amd.com/en/products/accelerators/instinct/mi300/mi300x.html",
  },
  {
    // spec: 256 GiB of HBM3E (ROCm's GPU spec table lists "VRAM (GiB) 256"). No driver-reported total could
    // be confirmed; expect the driver to show slightly less, as the MI300X shows 191.7 of its 192 GiB.
    id: "mi325x",
    name: "AMD Instinct MI325X",
    short: "MI325X",
    vendor: "amd",
    segment: "datacenter",
    marketingGB: 256,
    memoryBytes: 256 * GiB,
    bf16: true,
    fp8: true,
    bandwidthGBs: 6000,
    aliases: ["amd mi325x", "instinct mi325x", "amd instinct mi325x", "mi325x 256gb"],
    source: "https://www.amd.com/en/products/accelerators/instinct/mi300/mi325x.html",
  },

  // ─────────────────────────────── apple ──────────────────────────────
  // memoryBytes is the machine's unified memory; Apple's "GB" is GiB (a 128 GB Mac has hw.memsize 137438953472).
  // usableShare is Metal's default recommendedMaxWorkingSetSize, the most a GPU job may wire unless the user
  // raises `sudo sysctl iogpu.wired_limit_mb=...`. macOS's default is about 2/3 of RAM on Macs with 36 GB or
  // less and 3/4 above that, as llama.cpp's Metal backend logs it:
  //   M1 Pro 16 GB  -> "recommendedMaxWorkingSetSize = 11453.25 MB" (10922.67 MiB, 2/3)
  //   M3 Max        -> "recommendedMaxWorkingSetSize = 38654.71 MB" (36 GiB: 3/4 of a 48 GB machine)
  //   M2 Max 64 GB  -> "recommendedMaxWorkingSetSize = 51539.61 MB" (48 GiB, 3/4)
  //   128 GB Mac    -> "recommendedMaxWorkingSetSize = 103079.22 MB" (96 GiB, 3/4)
  // (see also gpustack/gpustack#1375: "recommended max working set ... which is 75% of total RAM"). Recent
  // macOS releases may grant more on large machines (antirez/ds4#893 measured 107.52 GiB on a 128 GB M5 Max
  // under macOS 26), so 3/4 is the conservative default. Each entry is one configuration of its chip; the
  // bare chip name resolves to it.
  {
    id: "m4-pro-48gb",
    name: "Apple M4 Pro (48GB unified memory)",
    short: "M4 Pro 48GB",
    vendor: "apple",
    segment: "apple",
    marketingGB: 48,
    memoryBytes: 48 * GiB,
    usableShare: 0.75,
    bf16: true,
    fp8: false,
    bandwidthGBs: 273,
    aliases: ["m4 pro", "m4pro", "m4 pro 48gb", "m4-pro-48", "m4 pro 48", "apple m4 pro"],
    source: "https://www.apple.com/newsroom/2024/10/apple-introduces-m4-pro-and-m4-max/",
  },
  {
    // The 128 GB option needs the 16-core CPU / 40-core GPU M3 Max, which has 400 GB/s.
    id: "m3-max-128gb",
    name: "Apple M3 Max (128GB unified memory)",
    short: "M3 Max 128GB",
    vendor: "apple",
    segment: "apple",
    marketingGB: 128,
    memoryBytes: 128 * GiB,
    usableShare: 0.75,
    bf16: true,
    fp8: false,
    bandwidthGBs: 400,
    aliases: ["m3 max", "m3max", "m3 max 128gb", "m3-max-128", "m3 max 128", "apple m3 max"],
    source:
      "https://www.apple.com/newsroom/2023/10/apple-unveils-m3-m3-pro-and-m3-max-the-most-advanced-chips-for-a-personal-computer/",
  },
  {
    id: "m4-max-128gb",
    name: "Apple M4 Max (128GB unified memory)",
    short: "M4 Max 128GB",
    vendor: "apple",
    segment: "apple",
    marketingGB: 128,
    memoryBytes: 128 * GiB,
    usableShare: 0.75,
    bf16: true,
    fp8: false,
    bandwidthGBs: 546,
    aliases: ["m4 max", "m4max", "m4 max 128gb", "m4-max-128", "m4 max 128", "apple m4 max"],
    source: "https://www.apple.com/newsroom/2024/10/apple-introduces-m4-pro-and-m4-max/",
  },
  {
    id: "m2-ultra-192gb",
    name: "Apple M2 Ultra (192GB unified memory)",
    short: "M2 Ultra 192GB",
    vendor: "apple",
    segment: "apple",
    marketingGB: 192,
    memoryBytes: 192 * GiB,
    usableShare: 0.75,
    bf16: true,
    fp8: false,
    bandwidthGBs: 800,
    aliases: ["m2 ultra", "m2ultra", "m2 ultra 192gb", "m2-ultra-192", "m2 ultra 192", "apple m2 ultra"],
    source: "https://www.apple.com/newsroom/2023/06/apple-introduces-m2-ultra/",
  },
  {
    id: "m3-ultra-512gb",
    name: "Apple M3 Ultra (512GB unified memory)",
    short: "M3 Ultra 512GB",
    vendor: "apple",
    segment: "apple",
    marketingGB: 512,
    memoryBytes: 512 * GiB,
    usableShare: 0.75,
    bf16: true,
    fp8: false,
    bandwidthGBs: 819,
    aliases: ["m3 ultra", "m3ultra", "m3 ultra 512gb", "m3-ultra-512", "m3 ultra 512", "apple m3 ultra"],
    source: "https://www.apple.com/newsroom/2025/03/apple-reveals-m3-ultra-taking-apple-silicon-to-a-new-extreme/",
  },
];
