# Writes p3-regression.csv: 256 equispaced x on [-4, 4] and y = sin(3x)e^(-x^2/4) + 0.2cos(7x)e^(-x^2/8).
import math
with open("p3-regression.csv", "w") as f:
    f.write("x,u\n")
    for i in range(256):
        x = -4 + 8 * i / 255
        y = math.sin(3 * x) * math.exp(-x * x / 4) + 0.2 * math.cos(7 * x) * math.exp(-x * x / 8)
        f.write(f"{x!r},{y!r}\n")
