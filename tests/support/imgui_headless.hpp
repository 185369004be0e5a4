#pragma once
// A null ImGui backend: fixed display size, a built font atlas, no renderer.
// UI code runs in native tests exactly as in the page, minus the pixels.
#include "imgui.h"

namespace w2t::test {

class HeadlessImGui {
public:
    explicit HeadlessImGui(float width = 1280.0f, float height = 800.0f) {
        context_ = ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.DisplaySize = ImVec2(width, height);
        io.DeltaTime = 1.0f / 60.0f;
        io.IniFilename = nullptr;
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
        io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(1)));
    }
    ~HeadlessImGui() { ImGui::DestroyContext(context_); }
    HeadlessImGui(const HeadlessImGui&) = delete;
    HeadlessImGui& operator=(const HeadlessImGui&) = delete;

    template <class Draw>
    void frame(Draw&& draw) {
        ImGui::NewFrame();
        draw();
        ImGui::Render();
    }

private:
    ImGuiContext* context_ = nullptr;
};

}  // namespace w2t::test
