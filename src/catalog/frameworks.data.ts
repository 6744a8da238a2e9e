import type { FrameworkPresetInput } from "./frameworks.js";

/**
 * Each framework's own defaults for the settings the request language has, each with the file or page that states
 * it. A setting the framework does not fix is left out (the method default applies), and listed under `unset` where
 * people would expect it. `kind: "recipe"` marks values from the configs, scripts or notebooks a framework ships
 * rather than from its library defaults (torchtune has no defaults outside its recipe configs).
 *
 * Read in December 2026 from the repositories' main branches; where a default changed, `version` says since when.
 * Order: the Hugging Face stack, the fine-tuning frameworks, the distributed back-ends.
 */

const TRAINING_ARGS = "https://github.com/huggingface/transformers/blob/main/src/transformers/training_args.py";
const FUSED_DEFAULT = "https://github.com/huggingface/transformers/pull/37358";
const DTYPE_AUTO = "https://github.com/huggingface/transformers/pull/42805";
const PEFT_LORA_CONFIG = "https://github.com/huggingface/peft/blob/main/src/peft/tuners/lora/config.py";
const PEFT_TARGETS = "https://github.com/huggingface/peft/blob/main/src/peft/utils/constants.py";
const TRL_SFT_CONFIG = "https://github.com/huggingface/trl/blob/main/trl/trainer/sft_config.py";
const TRL_CHUNKED = "https://github.com/huggingface/trl/pull/5846";
const AXOLOTL = "https://github.com/axolotl-ai-cloud/axolotl/blob/main/src/axolotl";
const LLAMA_FACTORY = "https://github.com/hiyouga/LLaMA-Factory/blob/main/src/llamafactory";
const TORCHTUNE_CONFIGS = "https://github.com/pytorch/torchtune/blob/main/recipes/configs/llama3_1";
const TORCHTUNE_MEMORY =
  "https://github.com/pytorch/torchtune/blob/main/docs/source/tutorials/memory_optimizations.rst";
const UNSLOTH = "https://github.com/unslothai/unsloth/blob/main";
const UNSLOTH_ZOO = "https://github.com/unslothai/unsloth-zoo/blob/main/unsloth_zoo";
const LITGPT = "https://github.com/Lightning-AI/litgpt/blob/main/litgpt";
const FSDP = "https://github.com/pytorch/pytorch/blob/main/torch/distributed/fsdp";

/** transformers' Trainer defaults, which TRL, LLaMA-Factory and Unsloth inherit through TrainingArguments. */
const fusedAdamW = (who: string) =>
  [
    {
      field: "optimizer",
      value: "adamw",
      source: TRAINING_ARGS,
      says: `${who}TrainingArguments.optim = "adamw_torch_fused" (torch ≥ 2.8; "adamw_torch" before)`,
      kind: "default",
    },
    {
      field: "optimStep",
      value: "fused",
      source: FUSED_DEFAULT,
      says: `${who}TrainingArguments.optim defaults to "adamw_torch_fused" when torch ≥ 2.8 (torch.optim.AdamW(fused=True))`,
      kind: "default",
      version: "transformers ≥ 4.54 with torch ≥ 2.8; the foreach step before",
    },
  ] as const;

const oneMicroBatch = (who: string) =>
  ({
    field: "accum",
    value: 1,
    source: TRAINING_ARGS,
    says: `${who}TrainingArguments.gradient_accumulation_steps = 1`,
    kind: "default",
  }) as const;

export const FRAMEWORK_PRESETS_DATA: readonly FrameworkPresetInput[] = [
  {
    id: "hf",
    name: "the Hugging Face Trainer",
    version: "transformers 5.x with torch ≥ 2.8; LoRA from PEFT",
    settings: [
      ...fusedAdamW(""),
      oneMicroBatch(""),
      {
        field: "compile",
        value: false,
        source: TRAINING_ARGS,
        says: "TrainingArguments.torch_compile = False",
        kind: "default",
      },
      {
        field: "loss",
        value: "standard",
        source: TRAINING_ARGS,
        says: "TrainingArguments.use_liger_kernel = False (the model's ForCausalLMLoss upcasts the whole logits)",
        kind: "default",
      },
      {
        // A bf16 checkpoint loads as bf16 and TrainingArguments.bf16 = False adds no autocast: the weights, the
        // gradients and torch AdamW's states (zeros_like the parameters) are all bf16.
        field: "regime",
        value: "pure",
        methods: ["full", "freeze"],
        source: DTYPE_AUTO,
        says: 'PreTrainedModel.from_pretrained defaults to dtype="auto" (the checkpoint\'s bf16); TrainingArguments.bf16 = False',
        kind: "default",
        version: "transformers ≥ 5.0; up to 4.57 from_pretrained loaded float32 (with bf16=True: regime=amp)",
      },
      {
        field: "rank",
        value: 8,
        source: PEFT_LORA_CONFIG,
        says: "peft LoraConfig.r = 8",
        kind: "default",
      },
      {
        field: "targets",
        value: "qv",
        source: PEFT_TARGETS,
        says: 'TRANSFORMERS_MODELS_TO_LORA_TARGET_MODULES_MAPPING["llama"] = ["q_proj", "v_proj"] (Mistral too), used when LoraConfig.target_modules is None',
        kind: "default",
      },
    ],
    unset: [
      {
        field: "gradientCheckpointing",
        why: "TrainingArguments.gradient_checkpointing = False, but PEFT's prepare_model_for_kbit_training turns it on for QLoRA: the method default (off; on for QLoRA) says the same",
        source: TRAINING_ARGS,
      },
    ],
  },
  {
    id: "trl",
    name: "TRL's SFTTrainer",
    version: "TRL 1.7+ on transformers 5.x",
    settings: [
      ...fusedAdamW("inherited: "),
      oneMicroBatch("inherited: "),
      {
        field: "gradientCheckpointing",
        value: true,
        source: TRL_SFT_CONFIG,
        says: "SFTConfig: gradient_checkpointing defaults to True instead of False",
        kind: "default",
        version: "TRL 0.22 and later",
      },
      {
        field: "loss",
        value: "chunked",
        source: TRL_CHUNKED,
        says: 'SFTConfig.loss_type resolves to "chunked_nll": lm_head and cross-entropy in chunks of tokens ("nll" with use_liger_kernel)',
        kind: "default",
        version: 'TRL ≥ 1.7; "nll" (standard) before',
      },
      {
        field: "offloadActivations",
        value: false,
        source: TRL_SFT_CONFIG,
        says: "SFTConfig.activation_offloading = False",
        kind: "default",
      },
      {
        // A model id is loaded with dtype "auto" (the checkpoint's bf16) and trained with bf16=True.
        field: "regime",
        value: "pure",
        methods: ["full", "freeze"],
        source: TRL_SFT_CONFIG,
        says: 'SFTConfig: bf16 defaults to True; a model id is loaded with dtype="auto" (create_model_from_path)',
        kind: "default",
        version: "when SFTTrainer is given a model id; a model object keeps the dtype it was loaded in",
      },
      {
        // accelerate's mixed_precision="bf16" wraps the forward in torch.autocast(bfloat16): PEFT's fp32 adapters then
        // save a 16-bit cast of their input.
        field: "autocast",
        value: true,
        source: TRL_SFT_CONFIG,
        says: "SFTConfig: bf16 defaults to True (TrainingArguments.bf16: the forward runs under torch.autocast(bfloat16))",
        kind: "default",
      },
    ],
    unset: [
      {
        field: "rank",
        why: "LoRA comes from the peft_config passed to SFTTrainer (PEFT's LoraConfig), not from SFTConfig",
        source: TRL_SFT_CONFIG,
      },
    ],
  },
  {
    id: "axolotl",
    name: "Axolotl",
    version: "Axolotl 0.13",
    settings: [
      {
        field: "optimizer",
        value: "adamw",
        source: `${AXOLOTL}/utils/schemas/training.py`,
        says: "HyperparametersConfig.optimizer = OptimizerNames.ADAMW_TORCH_FUSED",
        kind: "default",
      },
      {
        field: "optimStep",
        value: "fused",
        source: `${AXOLOTL}/utils/schemas/training.py`,
        says: "HyperparametersConfig.optimizer = OptimizerNames.ADAMW_TORCH_FUSED",
        kind: "default",
        version: "since Axolotl PR #2293 (January 2025)",
      },
      {
        field: "accum",
        value: 1,
        source: `${AXOLOTL}/utils/schemas/training.py`,
        says: "HyperparametersConfig.gradient_accumulation_steps = 1",
        kind: "default",
      },
      {
        // Also for QLoRA: the loader calls prepare_model_for_kbit_training(use_gradient_checkpointing=cfg.gradient_checkpointing).
        field: "gradientCheckpointing",
        value: false,
        source: `${AXOLOTL}/utils/schemas/config.py`,
        says: "AxolotlInputConfig.gradient_checkpointing = False (passed to prepare_model_for_kbit_training for QLoRA too)",
        kind: "default",
      },
      {
        field: "offloadActivations",
        value: false,
        source: `${AXOLOTL}/utils/schemas/config.py`,
        says: "AxolotlInputConfig.activation_offloading = False",
        kind: "default",
      },
      {
        field: "loss",
        value: "standard",
        source: `${AXOLOTL}/utils/schemas/config.py`,
        says: "AxolotlInputConfig.chunked_cross_entropy = None",
        kind: "default",
      },
      {
        // bf16 "auto" on a bf16 GPU sets cfg.torch_dtype = torch.bfloat16: the model loads in bf16 and trains so.
        field: "regime",
        value: "pure",
        methods: ["full", "freeze"],
        source: `${AXOLOTL}/utils/config/__init__.py`,
        says: 'AxolotlInputConfig.bf16 = "auto"; normalize_config: if cfg.bf16: cfg.torch_dtype = torch.bfloat16',
        kind: "default",
      },
    ],
    unset: [
      {
        field: "rank",
        why: "no schema default: each config sets lora_r and lora_target_modules (or lora_target_linear)",
        source: `${AXOLOTL}/utils/schemas/config.py`,
      },
    ],
  },
  {
    id: "unsloth",
    name: "Unsloth",
    version: "Unsloth 2025.x–2026.x",
    settings: [
      {
        field: "gradientCheckpointing",
        value: true,
        source: `${UNSLOTH}/unsloth/models/loader.py`,
        says: 'FastLanguageModel.from_pretrained(use_gradient_checkpointing = "unsloth")',
        kind: "default",
      },
      {
        field: "offloadActivations",
        value: true,
        source: `${UNSLOTH_ZOO}/gradient_checkpointing.py`,
        says: 'Unsloth_Offloaded_Gradient_Checkpointer (the "unsloth" checkpointing): hidden_states.to("cpu", non_blocking = True)',
        kind: "default",
      },
      {
        field: "loss",
        value: "chunked",
        source: `${UNSLOTH_ZOO}/loss_utils.py`,
        says: "unsloth_fused_ce_loss: chunked fused cross_entropy_loss(chunk(X) @ W + b, chunk(labels))",
        kind: "default",
      },
      {
        field: "quantizer",
        value: "bnb",
        source: `${UNSLOTH}/unsloth/models/loader.py`,
        says: "FastLanguageModel.from_pretrained(load_in_4bit = True): bitsandbytes 4-bit",
        kind: "default",
      },
      {
        field: "optimizer",
        value: "adamw8bit",
        source: `${UNSLOTH}/README.md`,
        says: 'SFTConfig(optim = "adamw_8bit") in the quick start and notebooks',
        kind: "recipe",
      },
      {
        field: "rank",
        value: 16,
        source: `${UNSLOTH}/README.md`,
        says: "FastLanguageModel.get_peft_model(r = 16, ...) in the quick start",
        kind: "recipe",
      },
      {
        field: "targets",
        value: "all",
        source: `${UNSLOTH}/README.md`,
        says: 'get_peft_model(target_modules = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"])',
        kind: "recipe",
      },
    ],
    unset: [
      {
        field: "accum",
        why: "the notebooks accumulate (gradient_accumulation_steps = 4): the method's reading with accumulation applies",
        source: `${UNSLOTH}/README.md`,
      },
    ],
    caveat:
      "Unsloth loads in 4 bits unless told otherwise (load_in_4bit=True): its LoRA is QLoRA unless load_in_4bit=False.",
  },
  {
    id: "llamafactory",
    name: "LLaMA-Factory",
    version: "LLaMA-Factory 0.9",
    settings: [
      ...fusedAdamW("inherited: "),
      oneMicroBatch("inherited: "),
      {
        field: "gradientCheckpointing",
        value: true,
        source: `${LLAMA_FACTORY}/hparams/model_args.py`,
        says: "ModelArguments.disable_gradient_checkpointing = False (model_utils/checkpointing.py enables it)",
        kind: "default",
      },
      {
        field: "loss",
        value: "standard",
        source: `${LLAMA_FACTORY}/hparams/model_args.py`,
        says: "ModelArguments.enable_liger_kernel = False",
        kind: "default",
      },
      {
        // Trainable parameters are upcast to fp32 (model.float() for full) and the Trainer's bf16=True autocasts.
        field: "regime",
        value: "amp",
        methods: ["full", "freeze"],
        devices: "single",
        source: `${LLAMA_FACTORY}/model/adapter.py`,
        says: 'init_adapter: "Upcasting trainable params to float32" unless pure_bf16, BAdam, ZeRO-3 or FSDP',
        kind: "default",
      },
      {
        field: "rank",
        value: 8,
        source: `${LLAMA_FACTORY}/hparams/finetuning_args.py`,
        says: "LoraArguments.lora_rank = 8",
        kind: "default",
      },
      {
        field: "targets",
        value: "all",
        source: `${LLAMA_FACTORY}/hparams/finetuning_args.py`,
        says: 'LoraArguments.lora_target = "all" (all linear modules)',
        kind: "default",
      },
    ],
    caveat: "pure_bf16=True keeps the trainable parameters in bf16 (regime=pure).",
  },
  {
    id: "torchtune",
    name: "torchtune",
    version: "torchtune 0.6 (the llama3_1 recipe configs)",
    settings: [
      {
        field: "precision",
        value: "bf16",
        source: `${TORCHTUNE_CONFIGS}/8B_lora_single_device.yaml`,
        says: "dtype: bf16",
        kind: "recipe",
      },
      {
        field: "regime",
        value: "pure",
        source: TORCHTUNE_MEMORY,
        says: 'bfloat16 "is the default setting for our recipes"; "we don\'t support mixed-precision training in torchtune"',
        kind: "recipe",
      },
      {
        field: "gradientCheckpointing",
        value: true,
        source: `${TORCHTUNE_CONFIGS}/8B_lora_single_device.yaml`,
        says: "enable_activation_checkpointing: True",
        kind: "recipe",
      },
      {
        field: "offloadActivations",
        value: false,
        source: `${TORCHTUNE_CONFIGS}/8B_lora_single_device.yaml`,
        says: "enable_activation_offloading: False",
        kind: "recipe",
      },
      {
        field: "loss",
        value: "chunked",
        source: `${TORCHTUNE_CONFIGS}/8B_lora_single_device.yaml`,
        says: "loss: torchtune.modules.loss.LinearCrossEntropyLoss (CEWithChunkedOutputLoss in 0.4–0.5)",
        kind: "recipe",
      },
      {
        field: "compile",
        value: false,
        source: `${TORCHTUNE_CONFIGS}/8B_lora_single_device.yaml`,
        says: "compile: False",
        kind: "recipe",
      },
      {
        field: "quantizer",
        value: "torchao",
        source: "https://github.com/pytorch/torchtune/blob/main/torchtune/modules/peft/lora.py",
        says: "LoRALinear(quantize_base=True) stores the base with torchao's to_nf4 (the qlora_* model builders)",
        kind: "default",
      },
      {
        field: "rank",
        value: 8,
        source: `${TORCHTUNE_CONFIGS}/8B_lora_single_device.yaml`,
        says: "lora_rank: 8 (8B_qlora_single_device.yaml too)",
        kind: "recipe",
      },
      {
        field: "optimStep",
        value: "fused",
        methods: ["lora", "qlora"],
        source: `${TORCHTUNE_CONFIGS}/8B_lora_single_device.yaml`,
        says: "optimizer: _component_: torch.optim.AdamW, fused: True",
        kind: "recipe",
      },
      {
        field: "optimizer",
        value: "paged_adamw8bit",
        methods: ["full"],
        devices: "single",
        source: `${TORCHTUNE_CONFIGS}/8B_full_single_device.yaml`,
        says: "optimizer: _component_: bitsandbytes.optim.PagedAdamW8bit",
        kind: "recipe",
      },
      {
        field: "optimStep",
        value: "inbackward",
        methods: ["full"],
        devices: "single",
        source: `${TORCHTUNE_CONFIGS}/8B_full_single_device.yaml`,
        says: "optimizer_in_bwd: True  # True saves memory. Requires gradient_accumulation_steps=1",
        kind: "recipe",
      },
      {
        field: "accum",
        value: 1,
        methods: ["full"],
        devices: "single",
        source: `${TORCHTUNE_CONFIGS}/8B_full_single_device.yaml`,
        says: "gradient_accumulation_steps: 1",
        kind: "recipe",
      },
    ],
    unset: [
      {
        field: "targets",
        why: "lora_attn_modules: ['q_proj', 'v_proj', 'output_proj'] with apply_lora_to_mlp: True is none of qv, qkv, attn, mlp, all",
        source: `${TORCHTUNE_CONFIGS}/8B_lora_single_device.yaml`,
      },
      {
        field: "accum",
        why: "the LoRA and QLoRA configs accumulate (gradient_accumulation_steps: 8 and 16): the method's reading with accumulation applies",
        source: `${TORCHTUNE_CONFIGS}/8B_qlora_single_device.yaml`,
      },
    ],
  },
  {
    id: "litgpt",
    name: "LitGPT",
    version: "LitGPT 0.5 (litgpt finetune full / lora)",
    settings: [
      {
        // Lightning's "bf16-mixed": fp32 parameters, bf16 autocast.
        field: "regime",
        value: "amp",
        methods: ["full", "freeze", "lora"],
        source: `${LITGPT}/utils.py`,
        says: 'precision = get_default_supported_precision(training=True): "bf16-mixed" on a bf16 GPU',
        kind: "default",
      },
      {
        // `--quantize bnb.nf4` refuses a mixed precision, so QLoRA runs in bf16-true.
        field: "regime",
        value: "pure",
        methods: ["qlora"],
        source: `${LITGPT}/finetune/lora.py`,
        says: 'setup(): if "mixed" in precision: raise ValueError("Quantization and mixed precision is not supported.")',
        kind: "default",
      },
      {
        field: "loss",
        value: "chunked",
        source: `${LITGPT}/finetune/lora.py`,
        says: "loss = chunked_cross_entropy(logits, targets[..., 1:]) after model(input_ids, lm_head_chunk_size=128)",
        kind: "default",
      },
      {
        field: "optimizer",
        value: "adamw",
        source: `${LITGPT}/finetune/lora.py`,
        says: 'setup(optimizer = "AdamW")',
        kind: "default",
      },
      {
        field: "rank",
        value: 8,
        source: `${LITGPT}/finetune/lora.py`,
        says: "setup(lora_r = 8)",
        kind: "default",
      },
      {
        field: "targets",
        value: "qv",
        source: `${LITGPT}/finetune/lora.py`,
        says: "setup(lora_query = True, lora_value = True, lora_key = False, lora_projection = False, lora_mlp = False)",
        kind: "default",
      },
      {
        field: "loraDropout",
        value: 0.05,
        source: `${LITGPT}/finetune/lora.py`,
        says: "setup(lora_dropout = 0.05)",
        kind: "default",
      },
      {
        field: "gradientCheckpointing",
        value: false,
        devices: "single",
        source: `${LITGPT}/finetune/lora.py`,
        says: 'strategy = "auto" on one device (no activation checkpointing)',
        kind: "default",
      },
      {
        field: "gradientCheckpointing",
        value: true,
        devices: "multi",
        source: `${LITGPT}/finetune/lora.py`,
        says: "FSDPStrategy(activation_checkpointing_policy={Block}) on several devices",
        kind: "default",
      },
    ],
    unset: [
      {
        field: "accum",
        why: "global_batch_size=16 with micro_batch_size=1 accumulates: the method's reading with accumulation applies",
        source: `${LITGPT}/finetune/lora.py`,
      },
    ],
    builds: [
      {
        trait: "fused-qkv-lora",
        source: `${LITGPT}/lora.py`,
        says: "LoRAQKVLinear.forward: after_A = F.linear(self.lora_dropout(x), self.lora_A); lora = self.zero_pad(after_B) * self.scaling; zero_pad: result.index_copy(1, lora_ind, x.reshape(-1, sum(self.qkv_shapes))) unless all(self.enable_lora)",
      },
      {
        trait: "repeated-kv",
        source: `${LITGPT}/model.py`,
        says: 'CausalSelfAttention.forward: if n_query_groups != n_head and (input_pos is None or n_query_groups != 1): k = k.repeat_interleave(q_per_kv, dim=1); v = v.repeat_interleave(q_per_kv, dim=1) ("flash attention requires it in training mode")',
      },
      {
        trait: "chunk-log-softmax",
        source: `${LITGPT}/utils.py`,
        says: 'chunked_cross_entropy: loss_chunks = [torch.nn.functional.cross_entropy(logit_chunk, target_chunk, ignore_index=ignore_index, reduction="none") for logit_chunk, target_chunk in zip(logit_chunks, target_chunks)], over the 128-token chunks of model(input_ids, lm_head_chunk_size=128)',
      },
    ],
    caveat: "--precision bf16-true trains in pure bf16 (regime=pure).",
  },
  {
    id: "deepspeed",
    name: "DeepSpeed",
    version: "DeepSpeed 0.16+",
    settings: [
      {
        field: "zero",
        value: 0,
        source: "https://github.com/deepspeedai/DeepSpeed/blob/master/deepspeed/runtime/zero/config.py",
        says: "DeepSpeedZeroConfig.stage: ZeroStageEnum = 0",
        kind: "default",
      },
      {
        field: "regime",
        value: "mixed",
        source: "https://arxiv.org/abs/1910.02054",
        says: "mixed-precision Adam keeps fp16/bf16 parameters and gradients and fp32 parameters, momentum and variance: 2 + 2 + 12 bytes per parameter (ZeRO paper, §3.1)",
        kind: "default",
      },
    ],
    caveat: "DeepSpeed trains in fp32 unless its config enables bf16 or fp16; with them it keeps fp32 master weights.",
  },
  {
    id: "fsdp",
    name: "PyTorch FSDP",
    version: "torch 2.x",
    settings: [
      {
        field: "zero",
        value: 3,
        source: `${FSDP}/_init_utils.py`,
        says: "state.sharding_strategy = sharding_strategy or ShardingStrategy.FULL_SHARD",
        kind: "default",
      },
      {
        field: "offload",
        value: "none",
        source: `${FSDP}/api.py`,
        says: "CPUOffload(offload_params = False)",
        kind: "default",
      },
    ],
    unset: [
      {
        field: "regime",
        why: "MixedPrecision() leaves param_dtype = None: parameters train in the dtype they were loaded in",
        source: `${FSDP}/api.py`,
      },
    ],
  },
];
