"""The compiled training loop (numba): imported only by ``model.kernel``, only when used.

One call runs whole runs of iterations of ``model.trace.descend`` — forward, loss, BP1–BP4,
the optimiser's update with its regulariser — and the trainer's seeded epoch order (NumPy's
PCG64 and ``Generator.permutation``, written out so the visiting order is NumPy's to the
bit). Parameters and optimiser state are flat float64 vectors laid out as the optimiser's
``weights + biases`` list (each W row-major); z, a and δ live in flat scratch buffers
indexed by layer offsets, each layer unit by unit and, within a unit, sample by sample
(index j·nb + b), so that the innermost loops run over the batch: independent sums that the
processor overlaps, each still added in the textbook's order. No fastmath: the compiler may
not reorder or fuse the arithmetic, so a run of k iterations lands on the same bits as k
runs of one.

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
def _sigmoid(z):
    """σ(z) = 1 / (1 + e^−z), with e^−|z| so that it never overflows."""
    e = math.exp(-abs(z))
    return (1.0 if z >= 0 else e) / (1.0 + e)


@njit(cache=True, inline="always")
def _act(code, z):
    if code == 0:
        return _sigmoid(z)
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


@njit(cache=True, inline="always")
def _activate(code, za, aa, start, nb):
    """a = σ(z) over one unit's batch. Sigmoid and tanh, the common two, get loops of their
    own (σ known where the loop is compiled, the code tested once per unit rather than once
    per sample); the others share one."""
    if code == 0:
        for b in range(start, start + nb):
            aa[b] = _sigmoid(za[b])
    elif code == 1:
        for b in range(start, start + nb):
            aa[b] = math.tanh(za[b])
    else:
        for b in range(start, start + nb):
            aa[b] = _act(code, za[b])


@njit(cache=True, inline="always")
def _times_prime(code, dd, za, aa, start, nb):
    """BP2's δ ← δ ⊙ σ'(z) over one unit's batch, looped as in ``_activate``: σ' = a(1 − a)
    for sigmoid, 1 − a² for tanh (``_prime``)."""
    if code == 0:
        for b in range(start, start + nb):
            dd[b] *= aa[b] * (1.0 - aa[b])
    elif code == 1:
        for b in range(start, start + nb):
            dd[b] *= 1.0 - aa[b] * aa[b]
    else:
        for b in range(start, start + nb):
            dd[b] *= _prime(code, za[b], aa[b])


@njit(cache=True)
def _xlogy(x, y):
    return 0.0 if x == 0.0 else x * math.log(y)


@njit(cache=True, inline="always")
def _sums(out, o, src, s, params, w, w_step, n, nb):
    """out[o + b] = Σᵢ params[w + i·w_step] · src[s + i·nb + b] for each sample b, i from 0
    to n − 1 in order (the forward's Σₖ wⱼₖ aₖ, BP2's Σⱼ wⱼₖ δⱼ). The first term is added
    to 0.0, as a sum begun at 0 would: the same bits, a −0.0 product included."""
    weight = params[w]
    for b in range(nb):
        out[o + b] = 0.0 + src[s + b] * weight
    for i in range(1, n):
        weight, row = params[w + i * w_step], s + i * nb
        for b in range(nb):
            out[o + b] += src[row + b] * weight


@njit(cache=True, inline="always")
def _forward(sizes, acts, params, woff, boff, x, rows, za, aa, loff):
    """z and a of every layer for the batch's rows; aa's layer 0 is the input. A layer's
    buffers hold unit by unit, sample by sample (index j·nb + b), so that the loops over the
    batch are innermost: each z is still its sum over k in order, then the bias."""
    nb = rows.shape[0]
    for k in range(sizes[0]):
        for b in range(nb):
            aa[k * nb + b] = x[rows[b], k]
    for l in range(1, sizes.shape[0]):
        n_in, n_out, code = sizes[l - 1], sizes[l], acts[l - 1]
        w, bo, ai, ao = woff[l - 1], boff[l - 1], loff[l - 1] * nb, loff[l] * nb
        for j in range(n_out):
            zj = ao + j * nb
            _sums(za, zj, aa, ai, params, w + j * n_in, 1, n_in, nb)  # Σₖ wⱼₖ aₖ
            bias = params[bo + j]
            for b in range(nb):
                za[zj + b] += bias
            if code != 6:
                _activate(code, za, aa, zj, nb)
        if code == 6:  # softmax over the layer, shifted by its largest z
            for b in range(nb):
                top = za[ao + b]
                for j in range(1, n_out):
                    top = max(top, za[ao + j * nb + b])
                total = 0.0
                for j in range(n_out):
                    e = math.exp(za[ao + j * nb + b] - top)
                    aa[ao + j * nb + b] = e
                    total += e
                for j in range(n_out):
                    aa[ao + j * nb + b] /= total


@njit(cache=True, inline="always")
def _output(loss, act, y, rows, a, z, d, m, nb):
    """The batch loss (mean of the per-sample costs) and BP1's δᴸ into ``d``."""
    cost = 0.0
    for b in range(nb):
        c, sy, ag = 0.0, 0.0, 0.0
        for j in range(m):
            i, t = j * nb + b, y[rows[b], j]
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
            i = j * nb + b
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
        n_here, n_next, w, code = sizes[l], sizes[l + 1], woff[l], acts[l - 1]
        dh, dn = loff[l] * nb, loff[l + 1] * nb
        for k in range(n_here):
            row = dh + k * nb
            _sums(dd, row, dd, dn, params, w + k, n_here, n_next, nb)  # Σⱼ wⱼₖ δⱼ
            _times_prime(code, dd, za, aa, row, nb)
    for l in range(1, n_l):  # BP3, BP4: sums over the batch in order from 0, then the means
        n_in, n_out = sizes[l - 1], sizes[l]
        w, bo, ai, di = woff[l - 1], boff[l - 1], loff[l - 1] * nb, loff[l] * nb
        for j in range(n_out):
            dj, g = di + j * nb, w + j * n_in
            s = 0.0
            for b in range(nb):
                s += dd[dj + b]
            grads[bo + j] = s / nb
            k = 0
            while k + 4 <= n_in:  # four sums at a time: independent, each in order
                a0 = ai + k * nb
                a1, a2, a3 = a0 + nb, a0 + 2 * nb, a0 + 3 * nb
                s0, s1, s2, s3 = 0.0, 0.0, 0.0, 0.0
                for b in range(nb):
                    d = dd[dj + b]
                    s0 += d * aa[a0 + b]
                    s1 += d * aa[a1 + b]
                    s2 += d * aa[a2 + b]
                    s3 += d * aa[a3 + b]
                grads[g + k], grads[g + k + 1] = s0 / nb, s1 / nb
                grads[g + k + 2], grads[g + k + 3] = s2 / nb, s3 / nb
                k += 4
            while k < n_in:
                ak = ai + k * nb
                s = 0.0
                for b in range(nb):
                    s += dd[dj + b] * aa[ak + b]
                grads[g + k] = s / nb
                k += 1


@njit(cache=True, inline="always")
def _update(opt, reg, hyper, n_w, params, grads, s1, s2, t):
    """The optimiser's step on every parameter; the regulariser on the weights only."""
    eta, mu, b1, b2, eps, lam = hyper[0], hyper[1], hyper[2], hyper[3], hyper[4], hyper[5]
    c1, c2 = 1.0, 1.0
    if opt == 2:
        t[0] += 1
        c1 = 1.0 - b1 ** float(t[0])
        c2 = 1.0 - b2 ** float(t[0])
    if opt == 0 and reg == 0:  # plain gradient descent: the loop without its branches
        for i in range(params.shape[0]):
            params[i] -= eta * grads[i]
        return
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


@njit(cache=True, nogil=True)
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
