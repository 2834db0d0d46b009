// nnplay-cli: trains, evaluates and benchmarks nnplay's networks from the
// command line (native builds only: CLI11 reports parse errors by exception).
//
//   nnplay-cli train [--arch 784-16-16-10] [--act sigmoid] [--loss sigmoid_mse]
//                    [--optimizer sgd] [--lr 3] [--batch 10] [--epochs 1]
//                    [--train 10000] [--test 2000] [--seed 42] [--data DIR]
//                    [--save m.safetensors] ...
//   nnplay-cli eval --model m.safetensors [--test 0] [--data DIR]
//   nnplay-cli bench [--workload W1,W2,W3] [--epochs 3] [--json] [--isa avx2]
//   nnplay-cli export --model m.safetensors --out DIR
//
// This file only maps the command line onto commands.h's option structs.
#include <CLI/CLI.hpp>

#include "engine/cli/commands.h"
#include "engine/cli/export_command.h"

using namespace nnplay::cli;

int main(int argc, char** argv) {
    CLI::App app{
        "nnplay-cli: train, evaluate and benchmark multilayer perceptrons on MNIST.\n"
        "MNIST is read from --data, else $NNPLAY_DATA, else ./.cache/mnist.",
        "nnplay-cli"};
    app.require_subcommand(1);
    app.failure_message([](const CLI::App* failed, const CLI::Error& err) {
        return "nnplay-cli: error: " + std::string(err.what()) + "\nRun '" +
               failed->get_display_name() + " --help' for the options.\n";
    });
    app.set_version_flag("--version", "nnplay-cli 1");

    // ---- train ----
    TrainOptions t;
    CLI::App* train =
        app.add_subcommand("train",
                           "Train a network; the defaults are the lecture's (784-16-16-10 sigmoid, "
                           "MSE, SGD lr 3, batch 10, 10,000 training / 2,000 test images)");
    train->add_option("--arch", t.architecture, "layer widths joined by '-', 784 first, 10 last")
        ->capture_default_str();
    train
        ->add_option("--act", t.activations,
                     "hidden activation(s): one for all layers or a comma list; sigmoid, "
                     "tanh, relu, leaky_relu, identity")
        ->capture_default_str();
    train->add_option("--loss", t.loss, "output and loss: sigmoid_mse or softmax_ce")
        ->capture_default_str();
    train->add_option("--init", t.init, "initial weights: glorot, he or normal")
        ->capture_default_str();
    train->add_option("--seed", t.seed, "seed of the initial weights")->capture_default_str();
    train->add_option("--optimizer", t.optimizer, "sgd, momentum or adam")->capture_default_str();
    train->add_option("--lr", t.lr, "learning rate")->capture_default_str();
    train->add_option("--batch", t.batch, "minibatch size")->capture_default_str();
    train->add_option("--momentum", t.momentum, "momentum (optimizer momentum)")
        ->capture_default_str();
    train->add_option("--beta1", t.beta1, "Adam's beta1")->capture_default_str();
    train->add_option("--beta2", t.beta2, "Adam's beta2")->capture_default_str();
    train->add_option("--eps", t.eps, "Adam's epsilon")->capture_default_str();
    train->add_option("--weight-decay", t.weight_decay, "L2 weight decay")->capture_default_str();
    train->add_option("--shuffle-seed", t.shuffle_seed, "seed of the minibatch order")
        ->capture_default_str();
    train->add_option("--epochs", t.epochs, "passes over the training images")
        ->capture_default_str();
    train->add_option("--train", t.train_images, "first N training images (0 = all 60,000)")
        ->capture_default_str();
    train->add_option("--test", t.test_images, "first N test images (0 = all 10,000)")
        ->capture_default_str();
    train->add_option("--data", t.data_dir, "folder with MNIST's four IDX files");
    train->add_option("--save", t.save_path, "write the trained model here (.safetensors)");

    // ---- eval ----
    EvalOptions e;
    CLI::App* eval = app.add_subcommand(
        "eval", "Report a saved model's test cost, accuracy and confusion matrix");
    eval->add_option("--model", e.model_path, "a model saved by nnplay (.safetensors)")->required();
    eval->add_option("--test", e.test_images, "first N test images (0 = all 10,000)")
        ->capture_default_str();
    eval->add_option("--data", e.data_dir, "folder with MNIST's four IDX files");

    // ---- bench ----
    BenchOptions b;
    CLI::App* bench = app.add_subcommand(
        "bench", "Training throughput on the workloads of BENCH.md (10,000 training images)");
    bench->add_option("--workload", b.workloads, "W1 (lecture), W2 (wide), W3 (big); comma list")
        ->delimiter(',')
        ->capture_default_str();
    bench->add_option("--epochs", b.epochs, "epochs per workload")->capture_default_str();
    bench->add_flag("--json", b.json, "one JSON object per workload");
    bench->add_option("--isa", b.isa, "kernel variant: scalar, sse4.1, avx2, avx512");
    bench->add_option("--data", b.data_dir, "folder with MNIST's four IDX files");

    // ---- export ----
    ExportOptions x;
    CLI::App* exp = add_export_command(app, x);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& err) {
        const int code = app.exit(err);  // prints help, the version, or the error
        return code == 0 ? kExitOk : kExitUsage;
    }
    if (*train) return run_train(t);
    if (*eval) return run_eval(e);
    if (*bench) return run_bench(b);
    if (*exp) return run_export(x);
    return kExitUsage;
}
