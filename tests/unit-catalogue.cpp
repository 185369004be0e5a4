// The catalogue: the built-in files load, every figure carries its source, the
// architectures reproduce the published parameter counts, and loader errors
// name the entry and the field.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "w2t/catalogue/catalogue.hpp"
#include "w2t/perf/inference.hpp"

namespace {

const char* const kAcceleratorIds[] = {
    "a100-sxm-80gb", "h100-sxm", "h100-pcie", "h200-sxm", "b200",   "gb200",   "gb300", "mi250x",
    "mi300x",        "mi325x",   "mi355x",    "gaudi2",   "gaudi3", "cerebras-cs3", "groq-lpu",
    "sambanova-sn40l", "tpu-v5e", "tpu-v6e", "l40s", "rtx-4090", "rtx-3090", "apple-m2-ultra"};
const char* const kModelIds[] = {"llama-2-7b",    "llama-2-70b",      "llama-3-8b",   "llama-3-70b",
                                 "llama-3.1-8b",  "llama-3.1-70b",    "llama-3.1-405b", "llama-3.3-70b",
                                 "llama-4-scout", "llama-4-maverick", "mixtral-8x7b", "deepseek-r1",
                                 "qwen3-235b-a22b", "gpt-oss-120b",   "mistral-7b"};

std::string accelerators_with(const std::string& specs, const std::string& extra = "") {
    return R"({"schema": "w2t-accelerators/1", "accelerators": [{"id": "x1", "name": "X", "vendor": "V",
      "family": "f", "kind": "gpu", "source": {"url": "https://example.org/x", "date": "2024-01",
      "quality": "datasheet"}, )" + extra + R"("specs": )" + specs + "}]}";
}
const char* kModels = R"({"schema": "w2t-models/1", "models": [{"id": "m", "name": "M",
  "source": {"url": "https://example.org/m", "date": "2024-01", "quality": "datasheet"},
  "arch": {"layers": 2, "hidden": 64, "heads": 4, "vocab": 100, "ffn": 128}}]})";

}  // namespace

TEST(Catalogue, BuiltinHasEveryCanonicalId) {
    const w2t::Catalogue& c = w2t::builtin_catalogue();
    for (const char* id : kAcceleratorIds) EXPECT_NE(c.accelerator(id), nullptr) << id;
    for (const char* id : kModelIds) EXPECT_NE(c.model(id), nullptr) << id;
}

TEST(Catalogue, EveryFigureCarriesUrlDateAndQuality) {
    const w2t::Catalogue& c = w2t::builtin_catalogue();
    auto check = [](const std::string& owner, const std::vector<w2t::SourcedSpec>& specs) {
        EXPECT_FALSE(specs.empty()) << owner;
        for (const auto& s : specs) {
            EXPECT_EQ(s.source.url.rfind("http", 0), 0u) << owner << "." << s.key;
            EXPECT_GE(s.source.date.size(), 4u) << owner << "." << s.key;
            if (s.source.quality == w2t::Quality::estimate) {
                EXPECT_FALSE(s.source.note.empty()) << owner << "." << s.key;
            }
        }
    };
    for (const auto& a : c.accelerators) check(a.id, a.specs);
    for (const auto& m : c.models) check(m.id, m.specs);
}

TEST(Catalogue, ArchitecturesReproducePublishedParameterCounts) {
    // The shape the performance model derives (attention, MLP, experts, embeddings)
    // must land within 5 % of the parameter count the model's publisher states.
    for (const auto& m : w2t::builtin_catalogue().models) {
        if (!w2t::known(m.params_total_b)) continue;
        const auto shape = w2t::model_shape(m, w2t::Precision::fp16);
        EXPECT_NEAR(shape.params_total_b / m.params_total_b, 1.0, 0.05) << m.id << ": " << shape.params_total_b;
        EXPECT_LE(shape.params_active_b, shape.params_total_b * 1.0001) << m.id;
    }
    const auto* maverick = w2t::builtin_catalogue().model("llama-4-maverick");
    ASSERT_NE(maverick, nullptr);
    const auto mav = w2t::model_shape(*maverick, w2t::Precision::fp16);
    EXPECT_NEAR(mav.params_active_b, 17, 2.0);  // "17B active"
}

TEST(Catalogue, LoaderErrorsNameEntryAndField) {
    struct Case {
        std::string accelerators, expected_field;
    };
    const Case cases[] = {
        {accelerators_with(R"({"tflops_fp16": "fast"})"), "accelerators[0] (x1).specs.tflops_fp16"},
        {accelerators_with(R"({"tflops_fp16": -1})"), "accelerators[0] (x1).specs.tflops_fp16"},
        {accelerators_with(R"({"tflops_fp61": 1})"), "accelerators[0] (x1).specs.tflops_fp61"},
        {accelerators_with(R"({"tflops_fp16": {"value": 1, "url": "https://a", "date": "2024", "quality": "rumour"}})"),
         "accelerators[0] (x1).specs.tflops_fp16.quality"},
        {accelerators_with(R"({"tflops_fp16": {"value": 1, "url": "https://a", "date": "2024", "quality": "estimate"}})"),
         "accelerators[0] (x1).specs.tflops_fp16.note"},
        {accelerators_with(R"({"tflops_fp16": {"value": 1, "date": "2024", "quality": "datasheet"}})"),
         "accelerators[0] (x1).specs.tflops_fp16.url"},
        {R"({"schema": "w2t-accelerators/1", "accelerators": [{"id": "x1"}]})", "accelerators[0] (x1).name"},
        {R"({"schema": "w2t-accelerators/2", "accelerators": []})", "schema"},
        {"{", ""},
    };
    for (const Case& c : cases) {
        auto r = w2t::load_catalogue(c.accelerators, kModels);
        ASSERT_FALSE(r.ok()) << c.accelerators;
        EXPECT_NE(r.error().field.find(c.expected_field), std::string::npos)
            << r.error().to_string() << "\nexpected field " << c.expected_field;
    }
    auto ok = w2t::load_catalogue(accelerators_with(R"({"tflops_fp16": 10, "memory_kind": "HBM3"})"), kModels);
    ASSERT_TRUE(ok.ok()) << ok.error().to_string();
    EXPECT_EQ(ok->accelerators[0].tflops_fp16, 10);
    EXPECT_EQ(ok->accelerators[0].memory_kind, "HBM3");
    EXPECT_EQ(ok->accelerators[0].spec("tflops_fp16")->source.url, "https://example.org/x");  // inherited
    EXPECT_EQ(ok->models[0].kv_heads, 4);    // defaults to heads (MHA)
    EXPECT_EQ(ok->models[0].head_dim, 16);  // hidden / heads
}

TEST(Catalogue, UnknownIdsSuggestTheClosest) {
    const w2t::Catalogue& c = w2t::builtin_catalogue();
    const std::string msg = c.unknown_accelerator_message("h100");
    EXPECT_NE(msg.find("h100-sxm"), std::string::npos) << msg;
    EXPECT_NE(c.unknown_model_message("llama-3.1-7b").find("llama-3.1-8b"), std::string::npos);
}
