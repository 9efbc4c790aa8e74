"""PyTorch's times for lenet's convolutions at 512 images, part by part (LEVERS.md, lever 26): the input gradient
(conv2d_input), the forward convolution, the weight gradient (conv2d_weight), and forward plus backward to the input.
Two threads, medians of 30. Run with Debian's python3 (python3-torch): /usr/bin/python3 src/bench/python/conv_parts.py
"""
import torch, time
torch.set_num_threads(2)
def t(f, reps=30):
    for _ in range(3): f()
    ts=[]
    for _ in range(reps):
        s=time.perf_counter(); f(); ts.append((time.perf_counter()-s)*1e3)
    ts.sort(); return ts[len(ts)//2]
for n,c,hw,o in [(512,1,28,8),(512,8,12,16)]:
    out=hw-4
    e=torch.rand(n,o,out,out)-0.5; w=torch.rand(o,c,5,5)-0.5; x=torch.rand(n,c,hw,hw)
    print(n,c,"conv_input %.3f ms"%t(lambda: torch.nn.grad.conv2d_input(x.shape,w,e)),
      "conv fwd %.3f ms"%t(lambda: torch.nn.functional.conv2d(x,w)),
      "conv_weight %.3f"%t(lambda: torch.nn.grad.conv2d_weight(x,w.shape,e)))
    xr=x.clone().requires_grad_(True)
    def fb():
        y=torch.nn.functional.conv2d(xr,w); y.backward(e)
    print("  fwd+bwd(input only) %.3f"%t(fb))
print("mkldnn", torch.backends.mkldnn.is_available())
