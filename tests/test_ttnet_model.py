"""TTNet: shapes, parameter counts, gradient flow, state_dict round trip, and exactness against
verify's integer contraction."""

import itertools

import numpy as np
import pytest
import torch

from ttnet.model import TTNet, patchify
from verify.tt import contract


@pytest.mark.parametrize("cores", ["equal", "different"])
@pytest.mark.parametrize("contraction", ["sequential", "tree"])
def test_shapes_and_parameter_counts(cores, contraction):
    m, r, d = 6, 5, 16
    net = TTNet(d=d, features=m, rank=r, cores=cores, contraction=contraction)
    out = net(torch.randn(3, 28, 28))
    assert out.shape == (3, 10)
    n_int = 1 if cores == "equal" else d - 2
    assert net.internal.shape == (n_int, r, m, r)
    expected = 49 * m + m + m * r + n_int * r * m * r + r * m * 10 + 1
    assert sum(p.numel() for p in net.parameters()) == expected
    assert len(net.core_list()) == d


def test_patchify_order():
    img = torch.arange(28 * 28, dtype=torch.float32).reshape(1, 28, 28)
    p = patchify(img)
    assert p.shape == (1, 16, 49)
    assert p[0, 1, 0] == 7 and p[0, 4, 0] == 7 * 28 and p[0, 5, 8] == 7 * 28 + 7 + 28 + 1


def test_windows_and_snake_order_by_hand():
    """Window 11 around 7x7 patches: mode k reads the 11x11 pixels centred on patch k, the border
    filled; snake order reverses every other row of patches.  Expected pixels read off by hand
    from the image's own index grid."""
    img = torch.arange(28 * 28, dtype=torch.float32).reshape(1, 28, 28)
    p = patchify(img, 7, 11, fill=-1.0)
    assert p.shape == (1, 16, 121)
    w = p[0].reshape(16, 11, 11)
    assert torch.equal(w[0, 2:, 2:], img[0, :9, :9]) and (w[0, :2] == -1).all() and (w[0, :, :2] == -1).all()
    assert torch.equal(w[5], img[0, 5:16, 5:16])  # patch (1, 1): rows/cols 7..13, margin 2
    assert torch.equal(w[5, 2:9, 2:9], patchify(img)[0, 5].reshape(7, 7))  # its centre is the patch
    s = patchify(img, order="snake")
    rows = patchify(img)
    assert torch.equal(s[0, :4], rows[0, :4]) and torch.equal(s[0, 4:8], rows[0, 4:8].flip(0))
    assert torch.equal(s[0, 8:12], rows[0, 8:12]) and torch.equal(s[0, 12:], rows[0, 12:].flip(0))
    for bad in (dict(window=8), dict(window=5)):
        with pytest.raises(ValueError, match="even margin"):
            patchify(img, **bad)
    with pytest.raises(ValueError, match="order"):
        patchify(img, order="spiral")


def test_windowed_net_is_the_tt_contraction_of_its_windows():
    """A windowed, snake-ordered net is the same TT-network applied to the windows: its scores on
    images equal its scores on the patchified inputs."""
    torch.manual_seed(3)
    net = TTNet(in_features=121, features=4, rank=3, window=11, order="snake", fill=-0.5)
    x = torch.randn(5, 28, 28)
    assert torch.allclose(net(x), net(patchify(x, 7, 11, "snake", -0.5)))
    with pytest.raises(ValueError, match="even margin"):
        TTNet(window=10)


@pytest.mark.parametrize("cores", ["equal", "different"])
@pytest.mark.parametrize("constant_feature", [False, True])
def test_gradient_reaches_every_core(cores, constant_feature):
    torch.manual_seed(0)
    net = TTNet(
        features=4,
        rank=3,
        cores=cores,
        activation="relu" if constant_feature else "sigmoid",
        constant_feature=constant_feature,
    )
    loss = torch.nn.functional.cross_entropy(net(torch.randn(8, 28, 28)), torch.arange(8))
    loss.backward()
    for name, p in net.named_parameters():
        assert p.grad is not None and torch.isfinite(p.grad).all(), name
        if name == "internal":
            assert all(p.grad[k].abs().sum() > 0 for k in range(p.shape[0]))
        else:
            assert p.grad.abs().sum() > 0, name


def test_state_dict_round_trip():
    torch.manual_seed(1)
    a = TTNet(features=5, rank=4, cores="different")
    b = TTNet(features=5, rank=4, cores="different")
    x = torch.randn(4, 28, 28)
    assert not torch.equal(a(x), b(x))
    b.load_state_dict(a.state_dict())
    assert torch.equal(a(x), b(x))


def test_tree_equals_sequential():
    torch.manual_seed(2)
    x = torch.randn(5, 28, 28, dtype=torch.float64)
    for cores in ("equal", "different"):
        s = TTNet(features=4, rank=6, cores=cores).double()
        t = TTNet(features=4, rank=6, cores=cores, contraction="tree").double()
        t.load_state_dict(s.state_dict())
        (ys, ls), (yt, lt) = s(x, return_log_scale=True), t(x, return_log_scale=True)
        torch.testing.assert_close(ys * ls.exp()[:, None], yt * lt.exp()[:, None], rtol=1e-9, atol=0)
        assert torch.equal(ys.argmax(1), yt.argmax(1))


@pytest.mark.parametrize("cores", ["equal", "different"])
@pytest.mark.parametrize("normalize", [False, True])
def test_scores_equal_exact_contraction(cores, normalize):
    """On integer inputs with integer cores the module's scores (times the tracked scale) equal
    sum_i X_c[i] prod_k x_k[i_k], computed exactly by verify.tt.contract in Python ints."""
    d, m, r, c = 4, 2, 3, 3
    rng = np.random.default_rng(3)
    net = TTNet(
        d=d, in_features=m, features=m, rank=r, classes=c, cores=cores, activation="identity", normalize=normalize
    ).double()
    first, last = rng.integers(-2, 3, (m, r)), rng.integers(-2, 3, (r, m, c))
    internal = rng.integers(-2, 3, (1 if cores == "equal" else d - 2, r, m, r))
    x = rng.integers(-2, 3, (5, d, m))
    with torch.no_grad():
        net.feature.weight.copy_(torch.eye(m))
        net.feature.bias.zero_()
        net.first.copy_(torch.from_numpy(first))
        net.internal.copy_(torch.from_numpy(internal))
        net.last.copy_(torch.from_numpy(last))
        net.log_temperature.fill_(-0.5 * np.log(r))  # scores * exp(t) * sqrt(r) = scores
        scores, log_scale = net(torch.from_numpy(x).double(), return_log_scale=True)
    got = scores * log_scale.exp()[:, None]
    trains = net.to_tensor_trains()  # the module's own export, contracted exactly by verify
    assert len(trains) == c and trains[0].equal_internal == (cores == "equal")
    for cls in range(c):
        tensor = contract(trains[cls])
        for b in range(x.shape[0]):
            exact = sum(
                int(tensor[i]) * int(np.prod([x[b, k, i[k]] for k in range(d)]))
                for i in itertools.product(range(m), repeat=d)
            )
            assert abs(got[b, cls].item() - exact) <= 1e-9 * max(1, abs(exact))


def test_to_tensor_trains_refuses_floats():
    with pytest.raises(TypeError, match="non-integer"):
        TTNet(features=3, rank=2).to_tensor_trains()


def test_export_cores_layout():
    net = TTNet(features=3, rank=2, cores="equal")
    cores = net.export_cores()
    assert np.array(cores["first"]).shape == (3, 2)
    assert np.array(cores["internal"]).shape == (2, 3, 2)
    assert np.array(cores["last"]).shape == (2, 3, 10)


def test_bad_arguments():
    with pytest.raises(ValueError):
        TTNet(cores="shared")
    with pytest.raises(ValueError):
        TTNet(contraction="fft")


def test_nan_loss_stops_training():
    from ttnet.train import TrainConfig, train_epoch

    net = TTNet(features=4, rank=3)
    with torch.no_grad():
        net.last.fill_(float("nan"))
    opt = torch.optim.Adam(net.parameters())
    x, y = torch.randn(8, 28, 28), torch.arange(8)
    with pytest.raises(FloatingPointError, match="loss became nan"):
        train_epoch(net, opt, None, x, y, TrainConfig(batch_size=4), torch.Generator().manual_seed(0))


def test_hidden_feature_map_is_one_map_shared_by_every_patch():
    torch.manual_seed(2)
    m, r, h = 6, 5, 8
    net = TTNet(features=m, rank=r, cores="equal", activation="relu", constant_feature=True, hidden=h)
    # parameters: embed (49h + h), feature ((m-1)h + m-1), first m r, internal r m r, last r m 10, temperature
    assert (
        sum(p.numel() for p in net.parameters())
        == 49 * h + h + (m - 1) * h + (m - 1) + m * r + r * m * r + r * m * 10 + 1
    )
    patches = torch.randn(3, 16, 49)
    f = net.features_of(patches)
    # by hand: relu(A relu(W x + c) + b) per patch, with the constant feature first
    W, c = net.embed[0].weight, net.embed[0].bias
    A, b = net.feature.weight, net.feature.bias
    for k in (0, 7, 15):
        x = patches[:, k]
        want = torch.relu(torch.relu(x @ W.T + c) @ A.T + b)
        torch.testing.assert_close(f[:, k, 1:], want)
        assert torch.equal(f[:, k, 0], torch.ones(3))
    perm = torch.randperm(16)
    torch.testing.assert_close(net.features_of(patches[:, perm]), f[:, perm])
    with pytest.raises(ValueError):
        TTNet(hidden=-1)


def test_weight_average_follows_the_formula():
    """One training step with ``ema = β``: the average is ``β·init + (1-β)·after``."""
    import copy

    from ttnet.train import TrainConfig, train_epoch

    torch.manual_seed(3)
    net = TTNet(features=4, rank=3, cores="different", activation="relu", constant_feature=True, hidden=5)
    ema, probe = copy.deepcopy(net), copy.deepcopy(net)
    init = [p.detach().clone() for p in net.parameters()]
    cfg = TrainConfig(batch_size=16, ema=0.9, clip=0.5)
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    images, labels = torch.randn(16, 28, 28), torch.arange(16) % 10
    train_epoch(net, opt, None, images, labels, cfg, torch.Generator().manual_seed(0), ema=ema)
    for p0, p, pe in zip(init, net.parameters(), ema.parameters()):
        assert not torch.equal(p0, p)
        torch.testing.assert_close(pe, 0.9 * p0 + 0.1 * p.detach())
    # clipping: the step is lr * (clipped gradient), whose norm is at most lr * 0.5, while the
    # unclipped gradient is longer (so the bound below is not met by accident)
    torch.nn.functional.cross_entropy(probe(images), labels).backward()
    assert torch.cat([p.grad.flatten() for p in probe.parameters()]).norm() > 0.5
    step = torch.cat([(p0 - p.detach()).flatten() for p0, p in zip(init, net.parameters())])
    assert step.norm() <= 0.1 * 0.5 * (1 + 1e-5)


def test_shift_is_a_translation_by_at_most_s_pixels():
    """Every shifted image is its original moved by some (dy, dx) in [-s, s]^2, blank filled
    (brute force over the 25 offsets)."""
    from ttnet.train import MEAN, STD, _shift

    blank = -MEAN / STD
    x = torch.randn(16, 28, 28)
    y = _shift(x, 2, torch.Generator().manual_seed(1))
    pad = torch.nn.functional.pad(x, (2, 2, 2, 2), value=blank)
    seen = set()
    for i in range(16):
        hits = [(a, b) for a in range(5) for b in range(5) if torch.equal(y[i], pad[i, a : a + 28, b : b + 28])]
        assert len(hits) == 1
        seen.add(hits[0])
    assert len(seen) > 1
    assert _shift(x, 0, torch.Generator()) is x


def test_warp_rotates_about_the_centre_and_keeps_blank_blank():
    """A quarter turn moves pixel centres onto pixel centres: it is torch.rot90 (to float
    rounding); angle 0 at scale 1 is the identity; a blank image stays blank at any angle."""
    import math

    from ttnet.train import MEAN, STD, _warp

    x = torch.randn(3, 28, 28)
    ones, zeros = torch.ones(3), torch.zeros(3)
    assert torch.allclose(_warp(x, zeros, ones), x, atol=1e-4)
    assert torch.allclose(_warp(x, zeros + math.pi / 2, ones), torch.rot90(x, 1, dims=(1, 2)), atol=1e-4)
    assert torch.allclose(_warp(x, zeros + math.pi, ones), torch.rot90(x, 2, dims=(1, 2)), atol=1e-4)
    blank = torch.full((3, 28, 28), -MEAN / STD)
    assert torch.allclose(_warp(blank, torch.tensor([0.3, -1.0, 2.0]), torch.tensor([0.8, 1.0, 1.2])), blank, atol=1e-5)
    # zooming in by 2 about the centre: the output's centre 2x2 block samples the input's centre
    # (pixel centres 13.5 +- 0.5 map to 13.5 +- 0.25), so a constant centre block stays constant
    c = torch.zeros(1, 28, 28)
    c[0, 12:16, 12:16] = 5.0
    z = _warp(c, torch.zeros(1), torch.tensor([2.0]))
    assert torch.allclose(z[0, 13:15, 13:15], torch.full((2, 2), 5.0), atol=1e-5)


def test_affine_draws_per_example_from_the_generator():
    from ttnet.train import _affine

    x = torch.randn(8, 28, 28)
    a = _affine(x, 10.0, 0.1, torch.Generator().manual_seed(3))
    b = _affine(x, 10.0, 0.1, torch.Generator().manual_seed(3))
    assert torch.equal(a, b) and not torch.allclose(a, x, atol=1e-3)
    assert _affine(x, 0.0, 0.0, torch.Generator()) is x
