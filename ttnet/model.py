r"""A compact TT-network (an RNN whose layers are bilinear maps) for images.

An image is cut into ``d`` patches (default 7x7 patches of a 28x28 image: ``d = 16``); a shared
feature map :math:`f(x) = \sigma(Ax + b) \in \mathbb R^m` embeds each patch; the class scores are
the TT contraction

.. math::

    h_c(x) = \sum_{\alpha, i} G_1^{i_1 \alpha_1} f(x_1)_{i_1}\, G_2^{\alpha_1 i_2 \alpha_2}
             f(x_2)_{i_2} \cdots G_d^{\alpha_{d-1} i_d c} f(x_d)_{i_d},

with one shared internal core (``cores="equal"``, the family :math:`\mathcal M^{eq}` of the
theorem) or ``d-2`` different ones.  Cores are ``(m, r)``, ``(r, m, r)`` and ``(r, m, C)``.

Numerical stability
-------------------
A product of 16 bilinear steps vanishes or explodes from a naive initialization.  Two things
keep it in range:

1. **Near-identity initialization.**  An internal core starts as
   :math:`G^{a i b} = \delta_{ab} / (m \bar f) + \varepsilon`, so that
   :math:`\sum_i f_i G^{\cdot i \cdot} \approx I` for a typical feature vector (mean feature
   :math:`\bar f`); the first and last cores are scaled alike.
2. **Per-step normalization with the scale tracked.**  After each step the hidden vector (or,
   in the tree contraction, each partial matrix product) is divided by its norm and the log of
   that norm is accumulated.  The class scores are therefore the exact TT contraction times a
   positive per-example factor ``exp(-log_scale)``: the argmax — the classifier — is exactly the
   TT-network's, and :meth:`TTNet.forward` with ``return_log_scale=True`` gives the factor back,
   so the unnormalized scores are recovered (see the tests, which compare them with
   :func:`verify.tt.contract`).  A learned temperature multiplies the normalized scores.

Two contraction orders are offered: ``"sequential"`` (a scan, :math:`d` batched vector-matrix
steps) and ``"tree"`` (the step matrices :math:`\sum_i f(x_k)_i G_k^{\cdot i \cdot}` multiplied
in a balanced binary tree of batched matrix products: depth :math:`\log_2 d`).
"""

from __future__ import annotations

import math
from typing import Literal

import torch
from torch import nn

__all__ = ["TTNet", "patchify"]

Contraction = Literal["sequential", "tree"]
_EPS = 1e-30


Order = Literal["rows", "snake"]


def patchify(
    images: torch.Tensor, patch: int = 7, window: int | None = None, order: Order = "rows", fill: float = 0.0
) -> torch.Tensor:
    """``(B, H, W)`` or ``(B, 1, H, W)`` images to ``(B, d, window*window)`` patch inputs.

    The image is cut into ``d = (H/patch)(W/patch)`` patches; mode ``k`` of the train reads the
    ``window x window`` pixels centred on patch ``k`` (``window = patch``, the default: the patch
    itself; a larger odd margin: overlapping windows, the image padded with ``fill``).  ``order``:
    the patches row by row (``"rows"``), or row by row with every other row reversed
    (``"snake"``: consecutive modes are always neighbouring patches)."""
    if images.dim() == 4:
        images = images[:, 0]
    b, h, w = images.shape
    window = patch if window is None else window
    if h % patch or w % patch:
        raise ValueError(f"image size {h}x{w} is not divisible by the patch size {patch}")
    if window < patch or (window - patch) % 2:
        raise ValueError(f"window {window} must be the patch size {patch} plus an even margin")
    if order not in ("rows", "snake"):
        raise ValueError(f"order must be 'rows' or 'snake', got {order!r}")
    gh, gw = h // patch, w // patch
    if window == patch:
        x = images.reshape(b, gh, patch, gw, patch).permute(0, 1, 3, 2, 4).reshape(b, gh, gw, patch * patch)
    else:
        m = (window - patch) // 2
        padded = torch.nn.functional.pad(images, (m, m, m, m), value=fill)
        x = padded.unfold(1, window, patch).unfold(2, window, patch)  # (B, gh, gw, window, window)
        x = x.reshape(b, gh, gw, window * window)
    if order == "snake":
        x = torch.cat([x[:, i : i + 1].flip(2) if i % 2 else x[:, i : i + 1] for i in range(gh)], dim=1)
    return x.reshape(b, gh * gw, -1)


class TTNet(nn.Module):
    """TT-network classifier.

    Parameters
    ----------
    d : number of patches (TT modes)
    in_features : pixels per patch
    features : ``m``, the size of the feature map (the TT mode size)
    rank : ``r``, the TT-rank
    classes : ``C``
    cores : ``"equal"`` (one shared internal core) or ``"different"``
    activation : ``"sigmoid"`` (the seed's), ``"relu"`` or ``"identity"`` (raw pixels, for tests)
    constant_feature : make feature 0 the constant 1 (the other ``m-1`` are learned).  With ReLU
        features a blank patch (MNIST's corners) would otherwise give a zero feature vector, a
        zero hidden state and an infinite normalized gradient.
    contraction : ``"sequential"`` or ``"tree"``
    normalize : per-step normalization (see the module docstring); ``False`` computes the raw
        contraction (used by the exactness tests)
    init_noise : scale of the noise added to the near-identity cores (default 0.2 with a
        constant feature, else 0.05)
    hidden : width of a hidden ReLU layer in the feature map, ``f(x) = σ(A relu(Wx + c) + b)``
        (0, the default: the linear map ``σ(Ax + b)``).  Still one feature map shared by every
        patch, so the scores are still the TT contraction of the feature vectors.
    patch, window, order, fill : how images become the ``d`` inputs (:func:`patchify`): mode
        ``k`` reads the ``window x window`` pixels around patch ``k`` (``in_features`` must be
        ``window**2``), in row or snake order, the border padded with ``fill``.  Overlapping
        windows change what each mode sees, not the function class: the scores are still the TT
        contraction of one shared feature map applied mode by mode.
    """

    def __init__(
        self,
        d: int = 16,
        in_features: int = 49,
        features: int = 16,
        rank: int = 16,
        classes: int = 10,
        cores: Literal["equal", "different"] = "equal",
        activation: str = "sigmoid",
        contraction: Contraction = "sequential",
        normalize: bool = True,
        init_noise: float | None = None,
        feature_mean: float | None = None,
        constant_feature: bool = False,
        hidden: int = 0,
        patch: int = 7,
        window: int | None = None,
        order: Order = "rows",
        fill: float = 0.0,
    ) -> None:
        super().__init__()
        self.patch, self.window, self.order, self.fill = patch, patch if window is None else window, order, fill
        if self.window < patch or (self.window - patch) % 2:
            raise ValueError(f"window {self.window} must be the patch size {patch} plus an even margin")
        if order not in ("rows", "snake"):
            raise ValueError(f"order must be 'rows' or 'snake', got {order!r}")
        if cores not in ("equal", "different"):
            raise ValueError(f"cores must be 'equal' or 'different', got {cores!r}")
        if contraction not in ("sequential", "tree"):
            raise ValueError(f"contraction must be 'sequential' or 'tree', got {contraction!r}")
        if d < 2:
            raise ValueError(f"d must be >= 2, got {d}")
        self.d, self.m, self.r, self.classes = d, features, rank, classes
        self.cores_mode, self.contraction, self.normalize = cores, contraction, normalize
        self.activation, self.constant_feature = activation, constant_feature
        if hidden < 0:
            raise ValueError(f"hidden must be >= 0, got {hidden}")
        self.hidden = hidden
        if hidden:
            self.embed = nn.Sequential(nn.Linear(in_features, hidden), nn.ReLU())
        self.feature = nn.Linear(hidden or in_features, features - 1 if constant_feature else features)
        if init_noise is None:
            init_noise = 0.2 if constant_feature else 0.05
        fbar = feature_mean if feature_mean is not None else (0.5 if activation == "sigmoid" else 1.0)
        scale = 1.0 / (features * fbar)
        n_int = 1 if cores == "equal" else d - 2
        if constant_feature:
            # residual form: the constant feature carries the identity, the learned ones a
            # perturbation, so each step is I + sum_i f_i G_i (scaled noise)
            internal = init_noise / math.sqrt(features) * torch.randn(n_int, rank, features, rank)
            internal[:, :, 0, :] = torch.eye(rank)
            first = torch.randn(features, rank) / math.sqrt(features)
        else:
            eye = torch.eye(rank).unsqueeze(1).expand(rank, features, rank)
            internal = (scale * eye).unsqueeze(0).repeat(n_int, 1, 1, 1) + init_noise * scale * torch.randn(
                n_int, rank, features, rank
            )
            first = scale * torch.ones(features, rank) + init_noise * torch.randn(features, rank)
        self.first = nn.Parameter(first)
        self.internal = nn.Parameter(internal)
        self.last = nn.Parameter(init_noise * torch.randn(rank, features, classes))
        self.log_temperature = nn.Parameter(torch.zeros(()))

    # -- parts ----------------------------------------------------------------------------------

    def features_of(self, patches: torch.Tensor) -> torch.Tensor:
        """The shared feature map on ``(B, d, in_features)`` patches: ``(B, d, m)``."""
        z = self.feature(self.embed(patches) if self.hidden else patches)
        if self.activation == "sigmoid":
            f = torch.sigmoid(z)
        elif self.activation == "relu":
            f = torch.relu(z)
        elif self.activation == "identity":
            f = z
        else:
            raise ValueError(f"unknown activation {self.activation!r}")
        if self.constant_feature:
            f = torch.cat([torch.ones_like(f[..., :1]), f], dim=-1)
        return f

    def internal_core(self, k: int) -> torch.Tensor:
        """The internal core used at position ``k`` (1-based among ``2..d-1``)."""
        return self.internal[0] if self.cores_mode == "equal" else self.internal[k - 2]

    def core_list(self) -> list[torch.Tensor]:
        """All ``d`` cores in :mod:`verify`'s layout ``(r_prev, m, r_next)``, boundary ranks 1
        (the last core's output leg, the classes, is its ``r_next``)."""
        mid = [self.internal_core(k) for k in range(2, self.d)]
        return [self.first.unsqueeze(0), *mid, self.last]

    # -- contraction ----------------------------------------------------------------------------

    def _norm(
        self, v: torch.Tensor, log_scale: torch.Tensor, dims: tuple[int, ...]
    ) -> tuple[torch.Tensor, torch.Tensor]:
        if not self.normalize:
            return v, log_scale
        nrm = v.detach().flatten(1).norm(dim=1).clamp_min(_EPS)
        return v / nrm.view(-1, *([1] * len(dims))), log_scale + nrm.log()

    def contract(self, f: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """TT contraction of features ``(B, d, m)``: ``(scores (B, C), log_scale (B,))`` with
        ``exact scores = scores * exp(log_scale)``."""
        b = f.shape[0]
        log_scale = torch.zeros(b, dtype=f.dtype, device=f.device)
        v = f[:, 0] @ self.first  # (B, r)
        v, log_scale = self._norm(v, log_scale, (1,))
        if self.contraction == "sequential":
            for k in range(2, self.d):
                g = self.internal_core(k)  # (r, m, r)
                u = (v @ g.reshape(self.r, -1)).view(b, self.m, self.r)  # (B, m, r)
                v = torch.einsum("bm,bmr->br", f[:, k - 1], u)
                v, log_scale = self._norm(v, log_scale, (1,))
        else:
            mats = self._step_matrices(f)  # (B, d-2, r, r)
            while mats.shape[1] > 1:
                if mats.shape[1] % 2:
                    tail = mats[:, -1:]
                    mats = mats[:, :-1]
                else:
                    tail = None
                mats = mats[:, 0::2] @ mats[:, 1::2]
                if self.normalize:
                    nrm = mats.detach().flatten(2).norm(dim=2).clamp_min(_EPS)  # (B, k)
                    mats = mats / nrm[..., None, None]
                    log_scale = log_scale + nrm.log().sum(1)
                if tail is not None:
                    mats = torch.cat([mats, tail], dim=1)
            if mats.shape[1] == 1:
                v = (v.unsqueeze(1) @ mats[:, 0]).squeeze(1)
                v, log_scale = self._norm(v, log_scale, (1,))
        scores = torch.einsum("ba,bm,amc->bc", v, f[:, -1], self.last)
        return scores, log_scale

    def _step_matrices(self, f: torch.Tensor) -> torch.Tensor:
        """``M_k = sum_i f(x_k)_i G_k[:, i, :]`` for the internal positions: ``(B, d-2, r, r)``."""
        inner = f[:, 1:-1]  # (B, d-2, m)
        b, k, m = inner.shape
        if self.cores_mode == "equal":
            g = self.internal[0].permute(1, 0, 2).reshape(m, self.r * self.r)  # (m, r*r)
            return (inner.reshape(b * k, m) @ g).view(b, k, self.r, self.r)
        g = self.internal.permute(0, 2, 1, 3).reshape(k, m, self.r * self.r)  # (k, m, r*r)
        return torch.einsum("bkm,kmx->bkx", inner, g).view(b, k, self.r, self.r)

    def forward(self, images: torch.Tensor, return_log_scale: bool = False):
        """Class scores for ``(B, 28, 28)`` images (or ``(B, d, in_features)`` patches)."""
        if images.dim() == 3 and images.shape[1] == self.d:
            patches = images
        else:
            patches = patchify(images, self.patch, self.window, self.order, self.fill)
        scores, log_scale = self.contract(self.features_of(patches))
        if self.normalize:
            scores = scores * self.log_temperature.exp() * math.sqrt(self.r)
        return (scores, log_scale) if return_log_scale else scores

    def export_cores(self) -> dict[str, object]:
        """The cores in :mod:`verify`'s plain format (``first`` m x r, ``internal`` r x m x r or a
        list of them, ``last`` r x m x C), as nested Python float lists."""
        internal = self.internal.detach().cpu()
        return {
            "first": self.first.detach().cpu().tolist(),
            "internal": internal[0].tolist() if self.cores_mode == "equal" else internal.tolist(),
            "last": self.last.detach().cpu().tolist(),
        }

    def to_tensor_trains(self) -> list:
        """One :class:`verify.tt.TensorTrain` per class (the last core's class slice), for cores
        that hold integers (verify is exact: anything else is a ``TypeError``).

        The class-``c`` score of features ``f`` is ``sum_i X_c[i] prod_k f_k[i_k]``, with
        ``X_c`` the tensor of ``to_tensor_trains()[c]`` (up to the tracked normalization).
        """
        from verify.tt import different_core_tt, equal_core_tt

        def ints(t: torch.Tensor, name: str):
            a = t.detach().cpu().double()
            if not torch.equal(a, a.round()):
                raise TypeError(f"{name} core holds non-integer values: verify contracts integers exactly")
            return a.round().long().numpy()

        first, last = ints(self.first, "first"), ints(self.last, "last")
        internal = ints(self.internal, "internal")
        out = []
        for c in range(self.classes):
            if self.cores_mode == "equal":
                out.append(equal_core_tt(first, internal[0], last[:, :, c], self.d))
            else:
                out.append(different_core_tt(first, list(internal), last[:, :, c]))
        return out
