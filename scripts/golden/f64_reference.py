"""Float64 reference gradients for a golden model, to test the engine against the exact values.

PyTorch computed ../shared/golden in float32, and float32 has its own rounding error: for the
CIFAR ResNet, the bias gradient of layer3.0.bn1 is a sum over the batch that nearly cancels,
so PyTorch's float32 value is 4.7e-4 (relative) away from the float64 one, and every gradient
below it inherits ~2.5e-4. The engine sums in double there and lands within ~2e-6 of float64.
So the tests compare against float64 values, made here from the same weights and inputs:

    /path/to/venv-with-torch/bin/python scripts/golden/f64_reference.py

writes Tests/EngineTests/Fixtures/cifar_resnet222.f64.safetensors: `output.logits` and every
`grad.<name>`, computed in float64 and stored as float32 (rounding adds ~6e-8).
"""
import os
import sys

import torch
from safetensors.torch import load_file, save_file

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(root, "bench"))
import pytorch_peer as models  # noqa: E402  (the course's model definitions)

golden = os.path.join(root, "..", "shared", "golden", "cifar_resnet222.safetensors")
target = os.path.join(root, "Tests", "EngineTests", "Fixtures", "cifar_resnet222.f64.safetensors")

t = load_file(golden)
model = models.CifarResNet(layers=(2, 2, 2))
model.load_state_dict({k: v for k, v in t.items() if k.split(".")[0] not in ("input", "output", "grad", "after")})
model = model.double().train()
logits = model(t["input.x"].double())
loss = torch.nn.functional.nll_loss(logits, t["input.y"].long())
loss.backward()

out = {"output.logits": logits.detach().float().contiguous(), "output.loss": loss.detach().float().reshape(1)}
for name, p in model.named_parameters():
    out["grad." + name] = p.grad.float().contiguous()
save_file(out, target, metadata={"source": "shared/golden/cifar_resnet222.safetensors in float64",
                                 "torch": torch.__version__})
worst = max(((t["grad." + n].double() - p.grad).norm() / p.grad.norm()).item() for n, p in model.named_parameters())
print(f"wrote {target}; PyTorch's float32 gradients are up to {worst:.2e} (relative) from float64")
