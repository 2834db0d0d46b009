// Tests of the picture and history writers: PNG bytes (engine/io/png_writer.h)
// decoded again with stb_image to the same size and pixels, and the history's
// CSV (engine/io/history_csv.h) parsed back into rows and columns.
#include <doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "engine/io/history_csv.h"
#include "engine/io/png_writer.h"

#define STB_IMAGE_IMPLEMENTATION
#define STB_IMAGE_STATIC
#define STBI_ONLY_PNG
#define STBI_NO_STDIO
#include <stb_image.h>

using namespace nnplay;

namespace {

using Bytes = std::vector<uint8_t>;

// A w x h RGBA picture in which every pixel differs: (x, y, x ^ y, 255 - x - y).
Bytes pattern(int w, int h, int stride) {
    Bytes p(static_cast<std::size_t>(stride) * h, 0xEE);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            uint8_t* q = &p[static_cast<std::size_t>(y) * stride + x * 4];
            q[0] = static_cast<uint8_t>(x * 3);
            q[1] = static_cast<uint8_t>(y * 5);
            q[2] = static_cast<uint8_t>(x ^ y);
            q[3] = static_cast<uint8_t>(255 - x - y);
        }
    return p;
}

// Decodes PNG bytes; returns the RGBA pixels (top row first) and the size.
Bytes decode(const Bytes& png, int& w, int& h) {
    int channels = 0;
    unsigned char* px = stbi_load_from_memory(png.data(), static_cast<int>(png.size()), &w, &h,
                                              &channels, 4);
    REQUIRE(px != nullptr);
    CHECK(channels == 4);
    Bytes out(px, px + static_cast<std::size_t>(w) * h * 4);
    stbi_image_free(px);
    return out;
}

// RFC 4180 lines and fields (quoted fields may hold commas, quotes and line breaks).
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
    std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') rows.back().back() += '"', ++i;
            else if (c == '"') quoted = false;
            else rows.back().back() += c;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            rows.back().emplace_back();
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            rows.emplace_back(1);
            ++i;
        } else {
            rows.back().back() += c;
        }
    }
    if (rows.back().size() == 1 && rows.back()[0].empty()) rows.pop_back();  // after the last \r\n
    return rows;
}

}  // namespace

TEST_CASE("encode_png: stb_image reads back the same size and pixels") {
    for (const auto& size : {std::pair{1, 1}, std::pair{37, 5}, std::pair{64, 64}}) {
        const int w = size.first, h = size.second;
        CAPTURE(w);
        CAPTURE(h);
        const Bytes px = pattern(w, h, w * 4);
        Bytes png;
        REQUIRE(encode_png(px.data(), w, h, 0, false, png) == "");
        REQUIRE(png.size() > 8);
        CHECK(png[0] == 0x89);
        CHECK(std::string(png.begin() + 1, png.begin() + 4) == "PNG");
        int dw = 0, dh = 0;
        CHECK(decode(png, dw, dh) == px);
        CHECK(dw == w);
        CHECK(dh == h);
    }
}

TEST_CASE("encode_png: padded rows, and OpenGL's bottom-up order") {
    const int w = 13, h = 7, stride = w * 4 + 12;
    const Bytes padded = pattern(w, h, stride);
    Bytes tight;
    for (int y = 0; y < h; ++y)
        tight.insert(tight.end(), padded.begin() + y * stride, padded.begin() + y * stride + w * 4);
    Bytes png;
    REQUIRE(encode_png(padded.data(), w, h, stride, false, png) == "");
    int dw = 0, dh = 0;
    CHECK(decode(png, dw, dh) == tight);

    REQUIRE(encode_png(padded.data(), w, h, stride, true, png) == "");
    const Bytes flipped = decode(png, dw, dh);
    for (int y = 0; y < h; ++y)
        CHECK(Bytes(flipped.begin() + y * w * 4, flipped.begin() + (y + 1) * w * 4) ==
              Bytes(tight.begin() + (h - 1 - y) * w * 4, tight.begin() + (h - y) * w * 4));
    // The flip does not stick to the next picture.
    REQUIRE(encode_png(padded.data(), w, h, stride, false, png) == "");
    CHECK(decode(png, dw, dh) == tight);
}

TEST_CASE("encode_png: impossible sizes and strides are refused, the output left as it was") {
    const Bytes px = pattern(4, 4, 16);
    Bytes out{7};
    CHECK(encode_png(px.data(), 0, 4, 0, false, out).find("0 x 4 pixels") != std::string::npos);
    CHECK(encode_png(px.data(), 4, kMaxPngSide + 1, 0, false, out) != "");
    CHECK(encode_png(px.data(), 4, 4, 12, false, out).find("12 bytes apart") != std::string::npos);
    CHECK(encode_png(nullptr, 4, 4, 0, false, out) == "no pixels to save");
    CHECK(out == Bytes{7});
}

TEST_CASE("history_csv: a header, one line per row, blanks for what a row does not hold") {
    std::vector<HistoryRow> rows(4);
    rows[0].samples = 10;
    rows[0].train_cost = 0.25;
    rows[1].samples = 5000;
    rows[1].step = 500;
    rows[1].epoch = 0.5;
    rows[1].test_cost = 0.0625;
    rows[1].test_accuracy = 0.8125;
    rows[2].samples = 5000;
    rows[2].step = 500;
    rows[2].change = "learning rate 3 → 0.5, \"slower\"";
    rows[2].settings = "hidden=16,16&lr=0.5";
    rows[3].samples = 5010;
    rows[3].train_cost = std::numeric_limits<double>::infinity();
    const std::string csv = history_csv(rows);
    const auto table = parse_csv(csv);
    REQUIRE(table.size() == 5);
    CHECK(csv.rfind(std::string(kHistoryCsvHeader) + "\r\n", 0) == 0);
    const std::vector<std::string> header{"step",      "epoch",     "samples",        "train_cost",
                                          "test_cost", "test_accuracy", "settings_change", "settings"};
    CHECK(table[0] == header);
    for (const auto& r : table) CHECK(r.size() == 8);
    CHECK(table[1] == std::vector<std::string>{"", "", "10", "0.25", "", "", "", ""});
    CHECK(table[2] == std::vector<std::string>{"500", "0.5", "5000", "", "0.0625", "0.8125", "", ""});
    CHECK(table[3] == std::vector<std::string>{"500", "", "5000", "", "", "",
                                               "learning rate 3 → 0.5, \"slower\"", "hidden=16,16&lr=0.5"});
    CHECK(table[4][3] == "inf");
    // Numbers round-trip.
    HistoryRow r;
    r.samples = 123456789;
    r.train_cost = 0.1f;
    const auto back = parse_csv(history_csv({r}));
    CHECK(std::stod(back[1][2]) == 123456789.0);
    CHECK(static_cast<float>(std::stod(back[1][3])) == 0.1f);
    r.train_cost = std::nan("");
    CHECK(parse_csv(history_csv({r}))[1][3] == "nan");
    CHECK(history_csv({}) == std::string(kHistoryCsvHeader) + "\r\n");
}
