// session_file.h: a whole run in one file: the model, the trainer's state (the
// optimizer's memory, the minibatch order and where the run is in it, the
// counters) and the front end's own part (settings, history), so that a run
// saved and restored continues with bit-identical costs. The page keeps one
// in the browser (autosave across a reload), the desktop in the user's data
// folder, and the App keeps a few in memory for undo.
//
// Layout (little-endian):
//   8 bytes   "nnplayR1"
//   8 bytes   model file length m, then m bytes: a model file (model_file.h)
//   8 bytes   JSON length j, then j bytes of JSON:
//               {"format": "nnplay-run", "version": 1,
//                "trainer": {order_rng, need_shuffle, epoch, step, samples_seen,
//                            samples_in_epoch, running_cost, epoch_cost,
//                            seconds_trained, epoch_cost_sum, epoch_samples,
//                            optimizer, optimizer_t,
//                            arrays: [[name, count], ...]},
//                "app": {...}}        (the front end's; opaque here)
//   then the arrays named in "arrays", back to back, 4 bytes per value:
//   "order" (int32), "s1W0", "s1b0", ... "s2W0", ... (float32), which must
//   fill the rest of the file exactly.
//
// What it does not do: keep the datasets (a run restores onto the same data,
// checked by Trainer::restore), or the last test evaluation (measured again).
// Reading checks every length and limit before it copies anything: the JSON
// is at most 64 MB and nested at most 32 deep (checked on the bytes, before it
// is parsed), and a damaged file is refused with a message, all or nothing.
//
// Use:
//   auto bytes = serialize_session(trainer.model(), trainer.train_config(), trainer.save_state(), app_json);
//   SessionData s; std::string err = parse_session(bytes.data(), bytes.size(), s);
//   if (err.empty()) err = trainer.restore(std::move(s.net), s.train, std::move(s.trainer));
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/nn/network.h"
#include "engine/train/trainer.h"

namespace nnplay {

struct SessionData {
    Mlp net;
    TrainConfig train;
    TrainerState trainer;
    nlohmann::json app;   // the front end's part, as it was given
};

inline constexpr std::size_t kMaxSessionJsonBytes = 64u * 1024 * 1024;
inline constexpr int kMaxSessionJsonDepth = 32;

std::vector<uint8_t> serialize_session(const Mlp& net, const TrainConfig& train, const TrainerState& state,
                                       const nlohmann::json& app);
std::string parse_session(const uint8_t* data, std::size_t size, SessionData& out);

}  // namespace nnplay
