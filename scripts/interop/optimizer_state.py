"""Checks that PyTorch resumes from an optimizer state our engine saved.

From the repository root, with a Python that has torch and safetensors:

    .build/release/lessons run --lessons-dir scripts/interop/lessons --output scripts/interop/out/report
    python scripts/interop/optimizer_state.py

The lesson trains a small MLP with Adam (AMSGrad) for 3 steps, saves the model and optimizer
state, then takes a 4th step and saves the model again. Here PyTorch loads the model and the
optimizer state, takes the same 4th step, and prints the largest difference from our weights.
"""
import json
import sys

import torch
from safetensors import safe_open
from safetensors.torch import load_file

out = "scripts/interop/out"
model = torch.nn.Sequential(torch.nn.Linear(4, 5), torch.nn.ReLU(), torch.nn.Linear(5, 3))
model.load_state_dict(load_file(f"{out}/model.safetensors"))
opt = torch.optim.Adam(model.parameters(), lr=0.5)  # lr and amsgrad come from the file

f = safe_open(f"{out}/optim.safetensors", "pt")
groups = json.loads(f.metadata()["param_groups"])
state = {}
for key in f.keys():
    _, index, name = key.split(".", 2)
    state.setdefault(int(index), {})[name] = f.get_tensor(key)
opt.load_state_dict({"state": state, "param_groups": groups})

x = torch.tensor([(i % 7) / 7 - 0.4 for i in range(24)]).reshape(6, 4)
y = torch.tensor([0, 1, 2, 1, 0, 2])
opt.zero_grad()
torch.nn.functional.cross_entropy(model(x), y).backward()
opt.step()

ours = load_file(f"{out}/model4.safetensors")
diff = max((model.state_dict()[k] - ours[k]).abs().max().item() for k in ours)
print(f"lr {opt.param_groups[0]['lr']:.4g}, amsgrad {opt.param_groups[0]['amsgrad']}, "
      f"state {sorted(state[0])}; largest difference after the 4th step: {diff:.3g}")
sys.exit(0 if diff < 1e-5 else 1)
