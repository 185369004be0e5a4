#include "w2t/supply/package_cost.hpp"

#include <cmath>

namespace w2t::supply {

Result<PackageCostResult> package_cost(const PackageCostInput& in) {
    if (in.logic_dies < 1 || in.logic_dies > PackageCostLimits::max_logic_dies)
        return Error{"logic_dies", "must be a whole number between 1 and 64"};
    struct Usd {
        const char* field;
        double value;
    };
    for (const Usd& u : {Usd{"hbm_usd", in.hbm_usd}, Usd{"packaging_usd", in.packaging_usd},
                         Usd{"test_assembly_usd", in.test_assembly_usd}, Usd{"street_usd", in.street_usd}})
        if (!std::isfinite(u.value) || u.value < 0 || u.value > PackageCostLimits::max_component_usd)
            return Error{u.field, "must be between 0 and 1,000,000 USD"};
    if (!std::isfinite(in.package_yield) || in.package_yield < PackageCostLimits::min_package_yield ||
        in.package_yield > 1.0)
        return Error{"package_yield", "must be a share between 0.01 and 1"};
    auto die = die_cost(in.die);
    if (!die) return die.error();
    PackageCostResult out;
    out.die = *die;
    const double logic = die->usd_per_good_die * in.logic_dies;
    const double before_yield = logic + in.hbm_usd + in.packaging_usd + in.test_assembly_usd;
    out.estimate_usd = before_yield / in.package_yield;
    out.steps = {{"logic dies", logic},
                 {"HBM", in.hbm_usd},
                 {"packaging", in.packaging_usd},
                 {"test and assembly", in.test_assembly_usd},
                 {"test yield loss", out.estimate_usd - before_yield}};
    out.street_usd = in.street_usd;
    if (in.street_usd > 0) {
        out.margin = 1.0 - out.estimate_usd / in.street_usd;
        out.markup = in.street_usd / out.estimate_usd;
    }
    return out;
}

// [SECTION] sourced presets (rows of /work/shared/data/supply_facts.csv; docs/supply-chain.md)
namespace {
const char* kAnandTechD0 =
    "http://subscriber.anandtech.com/Show/Index/16028?cPage=2&all=False&sort=0&page=1&slug=better-yield-on-5nm-than-7nm-tsmc-update-on-defect-rates-for-n5";
}

const std::vector<NodePreset>& node_presets() {
    static const std::vector<NodePreset> presets = {
        {"n7", "TSMC N7",
         {0.09, 0.09, 0.09, "AnandTech: Better yield on 5nm than 7nm - TSMC update on defect rates", kAnandTechD0,
          "2020-08-25", "official", "d0_n7_3q_after_hvm"},
         {9346, 9346, 10000, "GadgetCrutches: TSMC wafer prices leaked",
          "https://gadgetcrutches.com/technology/tsmc-wafer-prices-leaked-one-wafer-5nm-costs-16988/", "2020",
          "estimate", "wafer_price_n7_2020_leak"}},
        {"n5", "TSMC N5",
         {0.105, 0.10, 0.11, "AnandTech: Better yield on 5nm than 7nm - TSMC update on defect rates", kAnandTechD0,
          "2020-08-25", "official", "d0_n5_2020q3"},
         {16988, 13495, 16988, "TechPowerUp forum: Alleged prices of TSMC silicon wafers",
          "https://www.techpowerup.com/forums/posts/4350609", "2020", "estimate", "wafer_price_n5_2020_leak"}},
        {"4n", "TSMC 4N (H100; 5 nm family)",
         {0.1, 0.1, 0.1, "Reddit r/hardware summary of Cerebras blog '100x Defect Tolerance' (TSMC 5 nm)",
          "https://redlib.plushiemc.com/r/hardware/comments/1ibv7x6/100x_defect_tolerance_how_cerebras_solved_the/m9ljkbq/?context=3",
          "2025-01", "vendor-claim", "d0_n5_cerebras_assumption"},
         {13400, 13400, 13400, "SZYunze: How profitable is NVIDIA H100",
          "https://www.szyunze.com/how-profitable-is-nvidia-h100-find-out-in-1-minute", "2024", "estimate",
          "h100_n4_wafer_price_estimate"}},
    };
    return presets;
}

const NodePreset* find_node_preset(const std::string& id) {
    for (const NodePreset& p : node_presets())
        if (p.id == id) return &p;
    return nullptr;
}

const std::vector<AcceleratorCostPreset>& accelerator_cost_presets() {
    static const char* kStratrix = "https://www.stratrix.com/pricing-lens/why-h100-gpus-command-such-pricing";
    static const char* kTechSpot = "https://www.techspot.com/news/99839-nvidia-garners-reported-1000-profit-each-h100-gpu.html";
    static const std::vector<AcceleratorCostPreset> presets = {
        {"h100-sxm", "NVIDIA H100 SXM", "4n",
         {814, 814, 814, "TechWarrant: Nvidia introduces 4nm GPU H100",
          "https://techwarrant.com/nvidia-introduces-4nm-gpu-h100-with-80-billion-transistors-pcie-5-0-and-hbm3",
          "2022-03", "press", "h100_die_area"},
         1,
         {1350, 1350, 1500, "Stratrix: Why H100 GPUs command such pricing", kStratrix, "undated (read 2026)", "estimate", "h100_cost_hbm"},
         {750, 723, 750, "Stratrix: Why H100 GPUs command such pricing", kStratrix, "undated (read 2026)", "estimate",
          "h100_cost_packaging"},
         {920, 920, 920, "Stratrix: Why H100 GPUs command such pricing", kStratrix, "undated (read 2026)", "estimate",
          "h100_cost_test_assembly"},
         {27500, 25000, 30000, "TechSpot: Nvidia garners reported 1,000% profit on each H100", kTechSpot, "2023-08",
          "estimate", "h100_street_price_2023"},
         {3320, 3320, 3320, "TechSpot: Nvidia garners reported 1,000% profit on each H100", kTechSpot, "2023-08",
          "estimate", "h100_mfg_cost_raymond_james"}},
    };
    return presets;
}

}  // namespace w2t::supply
