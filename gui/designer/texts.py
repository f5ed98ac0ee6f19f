"""The designer's words: tooltips, section titles and the short sentences around the fields.

Kept apart from the code so a teacher can reword the form without reading Qt. Labels of
choices (activations, losses, optimizers, tasks, scalings, initialisers, batch modes) are not
here: they live in the engine next to the names they label.
"""

from __future__ import annotations

#: Section key -> title, in the order the sections appear.
SECTION_TITLES: dict[str, str] = {
    "data": "Data",
    "hidden": "Hidden layers",
    "output": "Output and loss",
    "shapes": "Weights to learn",
    "optimizer": "Optimizer",
    "training": "Training",
}

#: Field name (an ``engine.Design`` field, or a part of a hidden layer) -> tooltip.
TIPS: dict[str, str] = {
    "task": "What the network should answer for each 8x8 picture. Ten digits needs ten output "
    "nodes; a yes/no question needs only one.",
    "k": "The digit the network should recognise: it answers 'is this picture a k?'.",
    "scaling": "Pixels are 0 to 16. Networks learn best when inputs are small numbers, so we "
    "usually divide by 16 (standardize: mean 0, spread 1 per pixel). Try none to see why.",
    "test_size": "The share of pictures hidden from training. We test on them to see whether "
    "the network learned digits or just memorised its pictures.",
    "hidden": "Hidden layers sit between the pixels and the answer. Each node adds up its "
    "weighted inputs plus a bias (z = W·x + b) and passes z through its activation.",
    "nodes": "How many nodes this layer has (1 to 512). More nodes can learn more patterns but "
    "need more weights.",
    "activation": "What each node does with its sum z. ReLU keeps positives and zeroes "
    "negatives; sigmoid squashes to 0..1; tanh to -1..1.",
    "output": "Set by the task: ten softmax nodes give one probability per digit; one sigmoid "
    "node gives the probability of 'yes'.",
    "loss": "How wrong the network is, as one number. Training moves the weights to make it "
    "smaller. Cross-entropy suits probabilities.",
    "init": "The small random numbers the weights start from, before any learning. Biases start "
    "at 0.",
    "optimizer": "How the weights move downhill on the loss. Plain SGD takes a step of "
    "learning rate x gradient; Adam adapts the step for every weight.",
    "learning_rate": "How big a step the weights take each update. Too small: learning crawls. "
    "Too big (try 10 or 1000!): the loss jumps around or explodes.",
    "momentum": "Keeps part of the last step, like a ball rolling downhill. 0.9 is usual.",
    "nesterov": "Looks ahead along the momentum before measuring the slope. Often a little "
    "smoother.",
    "rho": "How quickly RMSprop forgets old gradient sizes. 0.9 is usual.",
    "beta1": "How quickly Adam forgets old gradient directions. 0.9 is usual.",
    "beta2": "How quickly Adam forgets old gradient sizes. 0.999 is usual.",
    "l2": "A penalty on large weights that discourages memorising. 0 turns it off; try 0.001.",
    "batch_mode": "How many pictures the network looks at before each update: all of them "
    "(batch), one (stochastic) or a handful (mini-batch).",
    "batch_size": "Pictures per mini-batch. 32 is a good default.",
    "epochs": "How many times the network sees every training picture.",
    "seed": "The starting point of the random numbers. The same seed gives the same starting "
    "weights, so a class can repeat an experiment exactly.",
}

INPUT_INTRO = "Input: 64 pixels (the 8x8 picture, flattened)."
NO_HIDDEN_LAYER = (
    "No hidden layer: the pixels go straight to the output, like the lesson's perceptron."
)
ADD_LAYER = "+ Add layer"
ADD_LAYER_TIP = "Add a hidden layer at the end (just before the output)."
LAYER_TITLE = "Layer {number}"
MOVE_UP_TIP = "Move layer {number} towards the input."
MOVE_DOWN_TIP = "Move layer {number} towards the output."
REMOVE_TIP = "Remove layer {number}."
OUTPUT_LABEL = "Output layer"
OUTPUT_TEXT = "{count} {nodes}, {activation} (set by the task)"
SHAPES_TIP = (
    "W1 has one row per input and one column per node of the next layer, so W1 is "
    "64 x (nodes in layer 1). Each layer also has one bias b per node."
)
SHAPE_LINE = "W{i}: {n_in} x {n_out}   b{i}: {n_out}"
PARAMETER_COUNT = "{total:,} numbers to learn ({sizes})"
NO_SHAPE = "—"
INVALID_SHAPE = "No weights: this design is not valid (see the fields in red)."
UNCHECKABLE = "This design cannot be checked: {error}"
