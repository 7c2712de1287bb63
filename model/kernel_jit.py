"""The compiled training loop (numba): imported only by ``model.kernel``, only when used.

One call runs whole runs of iterations of ``model.trace.descend`` — forward, loss, BP1–BP4,
the optimiser's update with its regulariser — and the trainer's seeded epoch order (NumPy's
PCG64 and ``Generator.permutation``, written out so the visiting order is NumPy's to the
bit). Parameters and optimiser state are flat float64 vectors laid out as the optimiser's
``weights + biases`` list (each W row-major); activations and deltas live in flat scratch
buffers indexed by layer offsets. No fastmath: the compiler may not reorder or fuse the
arithmetic, so a run of k iterations lands on the same bits as k runs of one.

Codes (``model.kernel`` maps names to them): activations sigmoid 0, tanh 1, relu 2,
leaky_relu 3, linear 4, arctan 5, softmax 6; losses quadratic 0, mse 1, cross-entropy after
a sigmoid 2, after a softmax 3; optimisers sgd 0, momentum 1, adam 2; regularisers none 0,
l1 1, l2 2.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

_M32 = np.uint64(0xFFFFFFFF)
_MUL_HI = np.uint64(2549297995355413924)
_MUL_LO = np.uint64(4865540595714422341)
_U32, _U58, _U63, _U64 = np.uint64(32), np.uint64(58), np.uint64(63), np.uint64(64)
_ONE, _ZERO = np.uint64(1), np.uint64(0)

# rng: [state high, state low, inc high, inc low, has_uint32, uinteger] (NumPy's PCG64 state)


@njit(cache=True)
def _next64(rng):
    """PCG64 (XSL-RR): state ← state·M + inc (mod 2¹²⁸), then the output of the new state."""
    s_hi, s_lo = rng[0], rng[1]
    a_lo, a_hi, b_lo, b_hi = s_lo & _M32, s_lo >> _U32, _MUL_LO & _M32, _MUL_LO >> _U32
    p0, p1, p2, p3 = a_lo * b_lo, a_lo * b_hi, a_hi * b_lo, a_hi * b_hi
    mid = (p0 >> _U32) + (p1 & _M32) + (p2 & _M32)
    lo = (p0 & _M32) | (mid << _U32)
    hi = p3 + (p1 >> _U32) + (p2 >> _U32) + (mid >> _U32)
    hi = hi + s_hi * _MUL_LO + s_lo * _MUL_HI
    new_lo = lo + rng[3]
    carry = _ONE if new_lo < lo else _ZERO
    new_hi = hi + rng[2] + carry
    rng[0], rng[1] = new_hi, new_lo
    x = new_hi ^ new_lo
    rot = new_hi >> _U58
    return (x >> rot) | (x << ((_U64 - rot) & _U63))


@njit(cache=True)
def _next32(rng):
    if rng[4] != _ZERO:
        rng[4] = _ZERO
        return rng[5]
    value = _next64(rng)
    rng[4], rng[5] = _ONE, value >> _U32
    return value & _M32


@njit(cache=True)
def _interval(rng, most):
    """NumPy's ``random_interval``: uniform in 0..most by masked rejection."""
    if most == 0:
        return 0
    top = np.uint64(most)
    mask = top
    for shift in (1, 2, 4, 8, 16, 32):
        mask |= mask >> np.uint64(shift)
    if top <= _M32:
        value = _next32(rng) & mask
        while value > top:
            value = _next32(rng) & mask
    else:
        value = _next64(rng) & mask
        while value > top:
            value = _next64(rng) & mask
    return np.int64(value)


@njit(cache=True)
def permutation(rng, order):
    """``Generator.permutation(len(order))`` into ``order``: 0..n−1 shuffled from the end."""
    n = order.shape[0]
    for i in range(n):
        order[i] = i
    for i in range(n - 1, 0, -1):
        j = _interval(rng, i)
        order[i], order[j] = order[j], order[i]


@njit(cache=True, inline="always")
def _act(code, z):
    if code == 0:
        e = math.exp(-abs(z))
        return (1.0 if z >= 0 else e) / (1.0 + e)
    if code == 1:
        return math.tanh(z)
    if code == 2:
        return z if (z > 0.0 or z != z) else 0.0
    if code == 3:
        return z if z > 0.0 else 0.01 * z
    if code == 5:
        return math.atan(z)
    return z


@njit(cache=True, inline="always")
def _prime(code, z, a):
    if code == 0:
        return a * (1.0 - a)
    if code == 1:
        return 1.0 - a * a
    if code == 2:
        return 1.0 if z > 0.0 else 0.0
    if code == 3:
        return 1.0 if z > 0.0 else 0.01
    if code == 5:
        return 1.0 / (1.0 + z * z)
    return 1.0


@njit(cache=True)
def _xlogy(x, y):
    return 0.0 if x == 0.0 else x * math.log(y)


@njit(cache=True, inline="always")
def _forward(sizes, acts, params, woff, boff, x, rows, za, aa, loff):
    """z and a of every layer for the batch's rows; aa's layer 0 is the input."""
    nb = rows.shape[0]
    n0 = sizes[0]
    for b in range(nb):
        for k in range(n0):
            aa[b * n0 + k] = x[rows[b], k]
    for l in range(1, sizes.shape[0]):
        n_in, n_out, code = sizes[l - 1], sizes[l], acts[l - 1]
        w, bo, ai, ao = woff[l - 1], boff[l - 1], loff[l - 1] * nb, loff[l] * nb
        for b in range(nb):
            for j in range(n_out):
                s = 0.0
                for k in range(n_in):
                    s += aa[ai + b * n_in + k] * params[w + j * n_in + k]
                z = s + params[bo + j]
                za[ao + b * n_out + j] = z
                if code != 6:
                    aa[ao + b * n_out + j] = _act(code, z)
            if code == 6:  # softmax over the layer, shifted by its largest z
                top = za[ao + b * n_out]
                for j in range(1, n_out):
                    top = max(top, za[ao + b * n_out + j])
                total = 0.0
                for j in range(n_out):
                    e = math.exp(za[ao + b * n_out + j] - top)
                    aa[ao + b * n_out + j] = e
                    total += e
                for j in range(n_out):
                    aa[ao + b * n_out + j] /= total


@njit(cache=True, inline="always")
def _output(loss, act, y, rows, a, z, d, m, nb):
    """The batch loss (mean of the per-sample costs) and BP1's δᴸ into ``d``."""
    cost = 0.0
    for b in range(nb):
        c, sy, ag = 0.0, 0.0, 0.0
        for j in range(m):
            i, t = b * m + j, y[rows[b], j]
            diff = t - a[i]
            if loss == 0:
                c += diff * diff
            elif loss == 1:
                c += diff * diff
            elif loss == 2:
                c += _xlogy(t, a[i]) + _xlogy(1.0 - t, 1.0 - a[i])
            else:
                c += _xlogy(t, a[i])
            g = a[i] - t if loss != 1 else 2.0 * (a[i] - t) / m
            d[i] = g
            sy += t
            ag += a[i] * g
        cost += 0.5 * c if loss == 0 else (c / m if loss == 1 else -c)
        for j in range(m):
            i = b * m + j
            if loss == 2:
                d[i] = a[i] - y[rows[b], j]
            elif loss == 3:
                d[i] = a[i] * sy - y[rows[b], j]
            elif act == 6:
                d[i] = a[i] * (d[i] - ag)
            else:
                d[i] = d[i] * _prime(act, z[i], a[i])
    return cost / nb


@njit(cache=True, inline="always")
def _backward(sizes, acts, params, woff, za, aa, dd, loff, nb, grads, boff):
    """BP2 down the layers, then BP3 and BP4 (batch means) into ``grads``."""
    n_l = sizes.shape[0]
    for l in range(n_l - 2, 0, -1):  # δ of layer l from layer l + 1, summed over j in order
        n_here, n_next, w = sizes[l], sizes[l + 1], woff[l]
        dh, dn = loff[l] * nb, loff[l + 1] * nb
        for b in range(nb):  # each sum in a register, over j in order from 0
            row, nxt = dh + b * n_here, dn + b * n_next
            for k in range(n_here):
                s = 0.0
                for j in range(n_next):
                    s += dd[nxt + j] * params[w + j * n_here + k]
                dd[row + k] = s * _prime(acts[l - 1], za[row + k], aa[row + k])
    for l in range(1, n_l):  # BP3, BP4: sums over the batch in order from 0, then the means
        n_in, n_out = sizes[l - 1], sizes[l]
        w, bo, ai, di = woff[l - 1], boff[l - 1], loff[l - 1] * nb, loff[l] * nb
        for j in range(n_out):
            s = 0.0
            for b in range(nb):
                s += dd[di + b * n_out + j]
            grads[bo + j] = s / nb
            for k in range(n_in):
                s = 0.0
                for b in range(nb):
                    s += dd[di + b * n_out + j] * aa[ai + b * n_in + k]
                grads[w + j * n_in + k] = s / nb


@njit(cache=True, inline="always")
def _update(opt, reg, hyper, n_w, params, grads, s1, s2, t):
    """The optimiser's step on every parameter; the regulariser on the weights only."""
    eta, mu, b1, b2, eps, lam = hyper[0], hyper[1], hyper[2], hyper[3], hyper[4], hyper[5]
    c1, c2 = 1.0, 1.0
    if opt == 2:
        t[0] += 1
        c1 = 1.0 - b1 ** float(t[0])
        c2 = 1.0 - b2 ** float(t[0])
    for i in range(params.shape[0]):
        g = grads[i]
        if i < n_w and reg == 2:
            g = g + lam * params[i]
        elif i < n_w and reg == 1:
            p = params[i]
            g = g + lam * (1.0 if p > 0 else (-1.0 if p < 0 else p))
        if opt == 0:
            params[i] -= eta * g
        elif opt == 1:
            s1[i] = s1[i] * mu
            s1[i] -= eta * g
            params[i] += s1[i]
        else:
            s1[i] = s1[i] * b1
            s1[i] += (1.0 - b1) * g
            s2[i] = s2[i] * b2
            s2[i] += (1.0 - b2) * g * g
            params[i] -= eta * (s1[i] / c1) / (math.sqrt(s2[i] / c2) + eps)


@njit(cache=True)
def run(count, stop_at_epoch, net, x, y, batch, shuffle, order, where, rng, params, offs,
        rules, hyper, s1, s2, t, losses):
    """Up to ``count`` iterations; returns how many ran (fewer only when ``stop_at_epoch``
    and an epoch closed). ``net`` = [loss code, sizes…, activation codes…]; ``where`` =
    [position, epoch]; ``offs`` = [weight offsets…, bias offsets…]; ``rules`` = [optimiser,
    regulariser]; ``hyper`` = [η, μ, β₁, β₂, ε, λ]."""
    n_layers = net.shape[0] // 2
    sizes, acts, loss = net[1:n_layers + 1], net[n_layers + 1:], net[0]
    woff, boff = offs[:n_layers - 1], offs[n_layers - 1:]
    loff = np.zeros(n_layers + 1, np.int64)
    for l in range(n_layers):
        loff[l + 1] = loff[l] + sizes[l]
    za = np.zeros(batch * loff[n_layers])
    aa, dd, grads = np.zeros_like(za), np.zeros_like(za), np.zeros_like(params)
    n_rows, m = x.shape[0], sizes[n_layers - 1]
    done = 0
    while done < count:
        rows = order[where[0]:where[0] + batch]
        nb = rows.shape[0]
        _forward(sizes, acts, params, woff, boff, x, rows, za, aa, loff)
        top = loff[n_layers - 1] * nb
        losses[done] = _output(loss, acts[n_layers - 2], y, rows, aa[top:], za[top:],
                               dd[top:], m, nb)
        _backward(sizes, acts, params, woff, za, aa, dd, loff, nb, grads, boff)
        _update(rules[0], rules[1], hyper, boff[0], params, grads, s1, s2, t)
        done += 1
        where[0] += nb
        if where[0] >= n_rows:
            where[0] = 0
            where[1] += 1
            if shuffle:
                permutation(rng, order)
            if stop_at_epoch:
                break
    return done
