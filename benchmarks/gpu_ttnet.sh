#!/usr/bin/env bash
# One prepared GPU session: throughput benchmark, then 20-epoch runs on the device.
# Usage: OUT=dir DATA=dir [DEV=cuda] [EPOCHS=20] bash benchmarks/gpu_ttnet.sh
set -uo pipefail
export PYTHONPATH=. PYTHONUNBUFFERED=1
DEV=${DEV:-cuda}; EPOCHS=${EPOCHS:-20}; DATA=${DATA:-data}
mkdir -p "$OUT/mnist"
{ nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv || true
  python3 -c "import torch, numpy; print('torch', torch.__version__, 'numpy', numpy.__version__, 'cuda', torch.cuda.is_available())"
} 2>&1 | tee "$OUT/env.txt"
python3 -m ttnet bench --device "$DEV" --ranks 4,16,64 --steps 40 --batch-size 128 2>&1 | tee "$OUT/bench.txt"
python3 -m ttnet bench --device "$DEV" --ranks 4,16,64 --steps 20 --batch-size 1024 2>&1 | tee -a "$OUT/bench.txt"
for spec in "improved equal sequential" "improved different sequential" "seed different sequential" "improved equal tree"; do
  set -- $spec
  python3 -m ttnet train --recipe $1 --cores $2 --contraction $3 --epochs "$EPOCHS" --device "$DEV" --data "$DATA" \
    --name "gpu-$1-$2-$3" --out-dir "$OUT/mnist" --no-progress 2>&1 | tee -a "$OUT/train.txt"
done
echo GPU-SCRIPT-DONE
