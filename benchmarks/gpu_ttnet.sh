#!/usr/bin/env bash
# One prepared GPU session: throughput benchmark, then 20-epoch runs on the device.
# Usage: OUT=dir DATA=dir [DEV=cuda] [EPOCHS=20] [BENCH=1] [RUNS="recipe:cores:contraction ..."] \
#        bash benchmarks/gpu_ttnet.sh
set -uo pipefail
export PYTHONPATH=. PYTHONUNBUFFERED=1
DEV=${DEV:-cuda}; EPOCHS=${EPOCHS:-20}; DATA=${DATA:-data}; BENCH=${BENCH:-1}
RUNS=${RUNS:-"improved:equal:sequential improved:different:sequential seed:different:sequential improved:equal:tree"}
mkdir -p "$OUT/mnist"
{ nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv || true
  python3 -c "import torch, numpy; print('torch', torch.__version__, 'numpy', numpy.__version__, 'cuda', torch.cuda.is_available())"
} 2>&1 | tee "$OUT/env.txt"
if [ "$BENCH" = 1 ]; then
  python3 -m ttnet bench --device "$DEV" --ranks 4,16,64 --steps 40 --batch-size 128 2>&1 | tee "$OUT/bench.txt"
  python3 -m ttnet bench --device "$DEV" --ranks 4,16,64 --steps 20 --batch-size 1024 2>&1 | tee -a "$OUT/bench.txt"
fi
for spec in $RUNS; do
  IFS=: read -r recipe cores contraction <<< "$spec"
  python3 -m ttnet train --recipe "$recipe" --cores "$cores" --contraction "$contraction" --epochs "$EPOCHS" \
    --device "$DEV" --data "$DATA" --name "gpu-$recipe-$cores-$contraction" --out-dir "$OUT/mnist" --no-progress \
    2>&1 | tee -a "$OUT/train.txt"
done
echo GPU-SCRIPT-DONE
