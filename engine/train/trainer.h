// trainer.h: drives training the way a UI frame or the CLI needs it: one
// minibatch, N samples, or as many minibatches as fit in a time budget; test
// evaluation in slices so that no frame stalls; the statistics the front end
// shows, in plain structs (TrainStats, EvalResult) that it reads and never
// writes.
//
// What it does not do: draw, read files, or sleep. It is single-threaded.
//
// Order of minibatches (shared/BENCH.md): a Mulberry32 stream seeded with
// TrainConfig::shuffle_seed; each epoch starts from the identity order 0..n-1,
// then Fisher-Yates from i = n-1 down to 1 with j = next_below(i + 1). The last
// partial batch is kept.
//
// Divergence: when a minibatch's cost or gradient is not finite, or the
// gradient is so large that the update would overflow (|lr * g| > 1e30, or
// |g| > 1e18 under RMSprop or Adam, whose g^2 would), the update is not applied,
// stats.diverged is set, stats.divergence records what happened (a
// DivergenceRecord: the kind, the refused step, the offending value, the step
// the weights went back to, the learning rate), and training refuses to step
// until the training configuration changes or reset(). The weights go back to
// the last known-good checkpoint (taken for a new model, before every change
// of the training settings and at every epoch's end), since the finite steps
// before the failure may already have wrecked them; the refused minibatch is
// the first one tried after the change. stats.message words the record in
// English for the CLI ("training diverged at step 12: the cost became
// infinite; lower the learning rate (now 10). ..."); front ends word the
// record themselves and never parse the message.
//
// Memory: set_net_config, set_train_config and adopt refuse (with a message,
// changing nothing) a network and batch size whose training buffers would
// exceed training_memory_limit() (nn/config.h).
//
// Statistics: running_cost averages the batch costs over roughly the last
// 1,000 samples; epoch_cost is the sample-weighted mean batch cost of the last
// completed epoch; samples_per_s is measured over windows of about 0.2 s of
// training time. A test pass run in slices may span several training steps
// when training runs between the slices; at_step is the step of its last slice.
//
// Use:
//   Trainer t(NetConfig{}, TrainConfig{});
//   t.set_data(train, test);               // DatasetPtr, shared with the UI
//   while (running) { t.train_for(0.008); t.evaluate_slice(500); draw(t.stats()); }
#pragma once
#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/data/dataset.h"
#include "engine/nn/network.h"
#include "engine/nn/optimizer.h"
#include "engine/train/health.h"
#include "engine/util/rng.h"

namespace nnplay {

struct EvalResult {
    int samples = 0;                       // 0: no evaluation yet
    long long at_step = 0;                 // training step the evaluation saw
    float cost = 0;                        // mean loss over the test set
    float accuracy = 0;                    // fraction correct, 0..1
    std::array<std::array<int, 10>, 10> confusion{};  // [true][predicted]
    std::array<float, 10> class_accuracy{};           // per true class
    // Per test image, in the test set's order (size: samples): the digit the
    // network answered (argmax of its outputs) and that output's value, e.g.
    // for the gallery and its "most confident mistakes".
    std::vector<uint8_t> predicted;
    std::vector<float> confidence;
    // Per layer (hidden layers, then the output), over the same test images:
    // saturated sigmoid/tanh outputs and dead ReLUs (health.h).
    std::vector<LayerHealth> health;
};

// What a divergence was (see "Divergence" above).
enum class DivergenceKind : uint8_t {
    None,              // training has not diverged
    CostNaN,           // the minibatch's cost was NaN (the numbers overflowed)
    CostInfinite,      // the minibatch's cost was +-infinity
    GradientInfinite,  // a gradient component was not finite
    GradientExploded,  // finite, but too large to apply (value = largest |component|)
};

struct DivergenceRecord {
    DivergenceKind kind = DivergenceKind::None;
    long long step = 0;           // the refused step (stats.step + 1 when it happened)
    float value = NAN;            // the cost (CostNaN, CostInfinite) or the largest |gradient component|
    long long restored_step = 0;  // the weights went back to those of this step
    float learning_rate = 0;      // the learning rate the step was tried with
};

// The record in English: "training diverged at step 12: the cost became
// infinite; lower the learning rate (now 10). The weights went back to those
// of step 0". For the CLI and logs; never parsed.
std::string describe(const DivergenceRecord& d);
// "none", "cost_nan", "cost_infinite", "gradient_infinite", "gradient_exploded".
const char* name_of(DivergenceKind k);

struct TrainStats {
    int epoch = 0;                     // completed epochs
    long long step = 0;                // minibatches applied since reset
    long long samples_seen = 0;
    long long samples_in_epoch = 0;    // position within the current epoch
    int train_size = 0;                // samples per epoch (after the subset choice)
    float batch_cost = NAN;            // cost of the last minibatch
    float running_cost = NAN;          // exponential moving average of batch costs
    float epoch_cost = NAN;            // mean batch cost over the last completed epoch
    double seconds_trained = 0;        // wall time spent inside training calls
    double samples_per_s = 0;          // recent throughput (smoothed)
    bool diverged = false;             // divergence.kind != None
    DivergenceRecord divergence;       // what happened, while diverged
    std::string message;               // describe(divergence), or the last rejected change
};

// Everything beyond the weights and the training settings that decides what
// the next steps do and what the counters say: a run saved with it
// (engine/io/session_file.h) and restored continues with bit-identical costs.
// Not kept: the last known-good checkpoint (the restored weights become it),
// throughput, the last gradient, evaluations (the next pass measures again).
struct TrainerState {
    OptimizerState optimizer;
    uint32_t order_rng = 0;          // the order stream's state (BENCH.md's mulberry32)
    std::vector<int> order;          // this epoch's order of training images (empty: none drawn yet)
    bool need_shuffle = true;        // the next step draws a new epoch's order
    int epoch = 0;                   // TrainStats' counters
    long long step = 0, samples_seen = 0, samples_in_epoch = 0;
    float running_cost = NAN, epoch_cost = NAN;
    double seconds_trained = 0;
    double epoch_cost_sum = 0;       // this epoch's cost so far (epoch_cost's sum and count)
    long long epoch_samples = 0;
};

class Trainer {
public:
    Trainer();
    Trainer(const NetConfig& net, const TrainConfig& train);

    // Data. The datasets are shared (the UI draws from them too). Setting them
    // keeps the model, restarts the minibatch order at a new epoch and forgets
    // the last test evaluation. Images must have the network's input size.
    void set_data(DatasetPtr train, DatasetPtr test);
    bool has_data() const;
    const DatasetPtr& train_data() const { return train_; }
    const DatasetPtr& test_data() const { return test_; }

    // Changing the network builds new weights (seeded) and clears the stats,
    // also when cfg equals the current config (an explicit "apply").
    // Returns "" or a message (and changes nothing) when the config is invalid
    // or the model would not fit in memory.
    std::string set_net_config(const NetConfig& cfg);
    // Applies from the next step on, keeping the model. "" or a message. A new
    // optimizer kind starts from fresh optimizer state; a new shuffle seed or
    // subset restarts the order at a new epoch. Any change clears `diverged`.
    std::string set_train_config(const TrainConfig& cfg);
    const NetConfig& net_config() const { return net_.config(); }
    const TrainConfig& train_config() const { return train_cfg_; }

    void reset();   // new weights from the seed, fresh order, stats cleared
    // Replaces the model (e.g. loaded from a file); the counters go on from
    // `step`: the samples and epochs those steps make at the file's batch size
    // on the images in use (steps x batch before any images are loaded).
    std::string adopt(Mlp net, const TrainConfig& train, long long step);
    // A saved run: what save_state() returned, with the weights and settings
    // of that moment. restore() checks it all against the data loaded now
    // (the order must be a permutation of this data's training images in use)
    // and the network; "" or why not, and then nothing changes.
    TrainerState save_state() const;
    // A weight set by hand: layer 1 = the first hidden layer (the output layer
    // last), neuron from 0, input from 0 or -1 for the bias. The model keeps
    // training from there (the optimizer's state is kept; the test figures and
    // the last gradient are forgotten: they were the old weights'). "" or why
    // not (no such weight, a value that is not finite or beyond +-1e6).
    std::string set_weight(int layer, int neuron, int input, float value);
    std::string restore(Mlp net, const TrainConfig& train, TrainerState state);
    // What another Trainer measured on this same run and a restore() does
    // not carry (a front end's thread or worker trains a copy, and restore()
    // brings its state back): its last test and training passes, the last
    // minibatch's cost, its throughput and a divergence.
    void adopt_results(EvalResult test, EvalResult train, const TrainStats& other);

    // Training. Each returns how many minibatches were applied.
    int train_steps(int n);                    // n minibatches
    int train_samples(long long n);            // minibatches until n samples are seen
    int train_for(double seconds, int max_steps = 1 << 30);  // as many as fit in the budget
    int train_epoch();                         // to the end of the current epoch
    // Draws the next epoch's order now if it is due (the first step would do it
    // otherwise): lets a benchmark keep shuffling outside its timed region.
    void prepare_order();

    // Test evaluation in slices: evaluates max_samples more test images,
    // rounded up to whole chunks of kEvalChunk (so a pass's result does not
    // depend on how it was sliced),
    // and returns true when a full pass finished (last_eval() is then updated).
    bool evaluate_slice(int max_samples);
    const EvalResult& evaluate();              // the whole test set now
    // A quick check: cost and accuracy on the first `count` test images now
    // (no confusion per image, no health), leaving last_eval() and a pass in
    // progress as they were. For a curve that should move while a whole pass
    // would cost too much of the training time (the first epoch).
    EvalResult quick_eval(int count);
    const EvalResult& last_eval() const { return eval_; }
    // The same on the training images in use (the subset: the first
    // train_subset images, or all), for the accuracy a network reaches on what
    // it trains on (overfitting: 100% there, far less on the test images).
    // Independent of the test pass; forgotten when the model, the data or the
    // subset changes.
    bool evaluate_train_slice(int max_samples);
    const EvalResult& evaluate_train();        // every training image in use now
    const EvalResult& last_train_eval() const { return train_eval_; }

    const TrainStats& stats() const { return stats_; }
    // This epoch's order of training-sample indices (empty before the first
    // step of an epoch); minibatch k is order()[k*B, (k+1)*B).
    const std::vector<int>& order() const { return order_; }
    const Mlp& model() const { return net_; }
    // dC/dW and dC/db of the last minibatch (a reference: nothing is copied),
    // the gradient that step gradient_step() applied; gradient_step() is -1
    // when the buffers hold none (new weights, or a refused step overwrote them).
    const Gradients& last_gradients() const { return grads_; }
    long long gradient_step() const { return gradient_step_; }
    // The training-set indices of the minibatch step gradient_step() used, in
    // its order; empty when gradient_step() is -1 or the order was restarted.
    std::vector<int> last_batch() const;
    // dC/dW and dC/db of one sample's loss (a minibatch of that one image) at the
    // current weights, into g; returns the loss. Allocates a small workspace:
    // for a view, not for a training loop.
    float sample_gradient(const float* x, int label, Gradients& g) const;
    SampleView inspect_test(int index) const;                    // lecture's slide for one test image
    SampleView inspect(const float* x, int label) const { return net_.inspect(x, label); }

private:
    int train_count() const;        // samples per epoch: the subset, or all loaded
    void restart_order();           // a fresh order stream from shuffle_seed, new epoch next
    void new_epoch_order();
    void clear_stats();
    void reset_state_after_new_model(long long step);  // optimizer, order, stats, eval
    void note_time(double seconds, long long samples);
    bool step_once();
    void take_checkpoint();         // remember the current weights as known-good
    bool gradient_within(float limit, int B) const;  // every |gradient component| <= limit
    // One evaluation pass over a dataset, in slices.
    struct EvalPass {
        EvalResult partial;
        int pos = 0;                // next image
        double cost_sum = 0;        // sum of per-sample losses so far
        int correct = 0;
        HealthCounter health;       // saturated and dead neurons of this pass
    };
    // Up to max_samples more of the first `count` images of d; true when the
    // pass is complete (its result then in `result`).
    bool eval_slice(const Dataset& d, int count, int max_samples, EvalPass& pass, EvalResult& result);
    void eval_chunk(const Dataset& d, int begin, int count, EvalPass& pass);
    void forget_evals();            // both results and both passes in progress

    Mlp net_;
    Mlp checkpoint_;                // last known-good weights (see take_checkpoint)
    long long checkpoint_step_ = 0;
    float checkpoint_running_cost_ = NAN;
    TrainConfig train_cfg_;
    Optimizer opt_;
    DatasetPtr train_, test_;
    float train_xmax_ = INFINITY;   // largest |pixel| of the training set
    Workspace ws_, eval_ws_;
    Gradients grads_;
    long long gradient_step_ = -1;  // the step grads_ belongs to (see gradient_step())
    int last_batch_pos_ = 0, last_batch_count_ = 0;  // order_[pos, pos + count) of that step
    FloatVec batch_x_;              // the gathered minibatch (B, inputs)
    std::vector<uint8_t> batch_y_;  // (B)
    std::vector<int> order_;        // this epoch's sample order (train_count())
    bool need_shuffle_ = true;      // the next step starts a new epoch order
    Mulberry32 order_rng_{7};       // the order stream (BENCH.md)
    TrainStats stats_;
    EvalResult eval_, train_eval_;  // the last complete test and training passes
    EvalPass test_pass_, train_pass_;
    double epoch_cost_sum_ = 0;     // sum of batch cost * batch size this epoch
    long long epoch_samples_ = 0;
    double window_seconds_ = 0;     // throughput window
    long long window_samples_ = 0;
    bool full_window_seen_ = false;
};

}  // namespace nnplay
