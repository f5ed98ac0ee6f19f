"""Activations: the lesson's numbers, derivatives against finite differences, stability."""

import warnings

import numpy as np
import pytest

from engine.activations import (
    ACTIVATION_NAMES,
    ACTIVATIONS,
    HIDDEN_ACTIVATION_NAMES,
    LEAKY_SLOPE,
    get_activation,
    sigmoid,
    softmax,
    tanh,
)

Z = np.array([[-3.0, -0.5, 0.25, 2.0], [1.5, -1.25, 0.75, -2.5]])


def test_lesson_sigmoid_and_tanh_numbers() -> None:
    # The lesson: sigmoid(-0.93152654) -> 0.28261512, tanh(-0.93152654) -> -0.73130483.
    assert sigmoid(-0.93152654) == pytest.approx(0.28261512, abs=5e-9)
    assert tanh(-0.93152654) == pytest.approx(-0.73130483, abs=5e-9)


def test_known_values() -> None:
    assert sigmoid(0.0) == 0.5
    np.testing.assert_allclose(sigmoid(Z), 1.0 / (1.0 + np.exp(-Z)), rtol=1e-14, atol=1e-16)
    np.testing.assert_array_equal(ACTIVATIONS["relu"].f(Z), np.where(Z > 0, Z, 0.0))
    np.testing.assert_allclose(ACTIVATIONS["leaky_relu"].f(Z), np.where(Z > 0, Z, 0.01 * Z))
    np.testing.assert_array_equal(ACTIVATIONS["linear"].f(Z), Z)
    expected = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(softmax(Z), expected, rtol=1e-14)


def test_functions_do_not_modify_their_input() -> None:
    for name in ACTIVATION_NAMES:
        z = Z.copy()
        ACTIVATIONS[name].f(z)
        ACTIVATIONS[name].derivative(z)
        np.testing.assert_array_equal(z, Z, err_msg=name)


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "leaky_relu", "linear"])
def test_derivative_matches_central_difference(name: str) -> None:
    act = get_activation(name)
    z = np.linspace(-4, 4, 41) + 0.013  # avoid the ReLU kink at exactly 0
    eps = 1e-6
    numeric = (act.f(z + eps) - act.f(z - eps)) / (2 * eps)
    np.testing.assert_allclose(act.derivative(z), numeric, rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("name", ACTIVATION_NAMES)
def test_backward_is_the_jacobian_vector_product(name: str) -> None:
    act = get_activation(name)
    rng = np.random.default_rng(3)
    z = rng.normal(size=(3, 5)) + 0.01
    da = rng.normal(size=(3, 5))
    eps = 1e-6
    numeric = np.zeros_like(z)
    for idx in np.ndindex(z.shape):
        zp, zm = z.copy(), z.copy()
        zp[idx] += eps
        zm[idx] -= eps
        numeric[idx] = np.sum(da * (act.f(zp) - act.f(zm))) / (2 * eps)
    analytic = act.backward(act.f(z), da.copy())
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("name", ACTIVATION_NAMES)
def test_large_inputs_give_no_warnings_and_finite_values(name: str) -> None:
    act = get_activation(name)
    z = np.array([[-1e4, -800.0, -30.0, 0.0, 30.0, 800.0, 1e4]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            a = act.f(z)
            d = act.derivative(z)
            dz = act.backward(a, np.ones_like(a))
    assert np.all(np.isfinite(a)) and np.all(np.isfinite(d)) and np.all(np.isfinite(dz))


def test_saturation_values() -> None:
    z = np.array([-1e4, 1e4])
    np.testing.assert_array_equal(sigmoid(z), [0.0, 1.0])
    np.testing.assert_array_equal(tanh(z), [-1.0, 1.0])
    np.testing.assert_allclose(softmax(np.array([[1e4, 0.0, -1e4]])), [[1.0, 0.0, 0.0]])


def test_leaky_slope_and_hidden_names() -> None:
    assert LEAKY_SLOPE == 0.01
    assert ACTIVATIONS["leaky_relu"].derivative(np.array([-2.0]))[0] == pytest.approx(0.01)
    assert "softmax" in ACTIVATION_NAMES
    assert "softmax" not in HIDDEN_ACTIVATION_NAMES
    assert ACTIVATION_NAMES == ("sigmoid", "tanh", "relu", "leaky_relu", "linear", "softmax")


def test_float32_stays_float32() -> None:
    z = Z.astype(np.float32)
    for name in ACTIVATION_NAMES:
        assert ACTIVATIONS[name].f(z).dtype == np.float32, name


def test_unknown_name() -> None:
    with pytest.raises(ValueError, match="Unknown activation 'swish'"):
        get_activation("swish")


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_softmax_of_one_sample_matches_a_row_and_its_in_place_twin(dtype) -> None:
    # One sample takes a shortcut (Python's max and sum over a handful of outputs); it must
    # agree with the row-wise form, and apply() with forward_inplace() to the last bit, since
    # the drawing's forward() and predict_proba() use one each.
    z = np.array([2.5, -1.0, 0.25, 7.0, 7.0, -30.0, 1e-3, 4.0, 0.0, 3.0], dtype=dtype)
    act = get_activation("softmax")
    one = act.apply(z)
    assert one.dtype == dtype and z[3] == dtype(7.0)  # apply() keeps z
    rtol = 1e-6 if dtype == np.float32 else 1e-15
    np.testing.assert_allclose(one, softmax(z[None])[0], rtol=rtol)
    np.testing.assert_array_equal(one, act.forward_inplace(z.copy()))
    assert one.sum() == pytest.approx(1.0, rel=1e-6)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        big = softmax(np.array([1e4, -1e4, 0.0], dtype=dtype))
    np.testing.assert_array_equal(big, [1.0, 0.0, 0.0])


@pytest.mark.parametrize("name", HIDDEN_ACTIVATION_NAMES)
def test_hidden_activations_work_in_place(name: str) -> None:
    # Back-propagation writes z into its buffer and activates it there.
    z = Z.copy()
    a = get_activation(name).forward_inplace(z)
    assert a is z
    np.testing.assert_allclose(a, get_activation(name).f(Z), rtol=1e-15)
