// The supplier follow-up vocabulary (codes on the wire, labels in both languages where the
// server needs them: the reliance reasons and the steps' leading questions). Pure. The risk
// themes are data (table risk_themes; register.hpp).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace arena::suppliers {

struct labelled {
  std::string_view code, nb, en;
};
struct step_info {
  std::string_view step, nb, en, question_nb, question_en;
};

// Follow-up methods from least to most thorough.
inline constexpr std::array<std::string_view, 9> methods = {"label_certification", "contract_meeting", "self_assessment_simplified",
                                                            "self_assessment_full", "document_review",     "sample_products",
                                                            "office_audit",       "factory_audit",       "re_audit"};
// How thorough a method is (0..7; a re-audit counts as a factory audit); nullopt when unknown.
std::optional<int> thoroughness(std::string_view method) noexcept;
bool is_self_assessment(std::string_view method) noexcept;
// A method's Norwegian name, for the text the server writes itself (the reliance reasons); the
// code itself when unknown. The web client words the codes from its own catalogue.
std::string_view method_nb(std::string_view method) noexcept;

std::array<step_info, 6> const& steps() noexcept;

bool valid_step(std::string_view s) noexcept;
bool one_of(std::string_view v, std::initializer_list<std::string_view> allowed) noexcept;

// value_band 1..4, risk 1..3 (0 when unknown).
int value_weight(std::string_view band) noexcept;
int risk_weight(std::string_view risk) noexcept;

// The default least thorough follow-up accepted for a clause level.
std::string_view default_required_method(std::string_view clause_level) noexcept;

}  // namespace arena::suppliers
