// step_report.h: what one training step did, as the lecture's gradient slide
// reads it: the largest components of the minibatch's gradient with each
// weight's value before and after the update, and the minibatch itself (each
// image's loss and answer before and after). Plain records for the UI's
// gradient view, filled by describe_step().
//
// What it does not do: train, copy weights, or word anything. The caller keeps
// a copy of the model from before the step (a Step button can afford that;
// the training loop never does), so describing a step costs nothing while
// training runs.
//
// Use:
//   Mlp before = trainer.model();          // only for a step that will be described
//   trainer.train_steps(1);
//   StepReport r = describe_step(before, trainer, 12);
//   r.changes[0].grad  -> layer, neuron, input, dC/dw;  .before -> .after
//   r.samples[k]       -> training index, label, loss and answer before / after
#pragma once
#include <vector>

#include "engine/nn/network.h"
#include "engine/train/trainer.h"

namespace nnplay {

// One parameter moved by the step. grad.input == -1 is the neuron's bias.
struct StepChange {
    GradientEntry grad;   // its component of dC/d(param) for the minibatch
    float before = 0;     // the parameter before the update
    float after = 0;      // and after it
};

// One image of the minibatch.
struct StepSample {
    int index = -1;                 // in the training set
    int label = -1;
    float loss_before = 0, loss_after = 0;
    int predicted_before = -1, predicted_after = -1;
};

struct StepReport {
    long long step = -1;            // the step described (stats().step after it); -1: none
    OptimizerKind optimizer = OptimizerKind::SGD;
    float learning_rate = 0, weight_decay = 0;
    float cost_before = 0, cost_after = 0;    // the minibatch's mean loss, before and after
    long long parameters = 0;       // how many components the gradient has
    std::vector<StepChange> changes;          // largest |dC/dparam| first
    std::vector<StepSample> samples;          // the minibatch, in its order
};

// Describes the step trainer.gradient_step() from `before` (the model as it
// was before that step, same shapes) and the trainer's current model, its
// last gradients and last minibatch. k: how many components to list.
// Returns a report with step == -1 when the trainer holds no applied step or
// `before` does not match its shapes.
StepReport describe_step(const Mlp& before, const Trainer& trainer, int k);

// The value of one parameter (input -1: the bias) of a model, or NaN when out of range.
float parameter_value(const Mlp& net, int layer, int neuron, int input);

}  // namespace nnplay
