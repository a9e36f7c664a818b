#include "suppliers/vocabulary.hpp"

#include <algorithm>
#include <utility>

namespace arena::suppliers {

std::optional<int> thoroughness(std::string_view method) noexcept {
  if (method == "re_audit") return 7;
  for (std::size_t i = 0; i + 1 < methods.size(); ++i)
    if (methods[i] == method) return static_cast<int>(i);
  return std::nullopt;
}

std::string_view method_nb(std::string_view method) noexcept {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 9> names = {{
      {"label_certification", "Merke/sertifisering"},
      {"contract_meeting", "Kontraktsmøte"},
      {"self_assessment_simplified", "Egenerklæring (forenklet)"},
      {"self_assessment_full", "Egenerklæring (full)"},
      {"document_review", "Dokumentgjennomgang"},
      {"sample_products", "Stikkprøve av produkter"},
      {"office_audit", "Kontorrevisjon"},
      {"factory_audit", "Fabrikkrevisjon"},
      {"re_audit", "Oppfølgingsrevisjon"},
  }};
  for (auto const& [code, name] : names)
    if (code == method) return name;
  return method;
}

bool is_self_assessment(std::string_view method) noexcept {
  return method == "self_assessment_simplified" || method == "self_assessment_full";
}

std::array<step_info, 6> const& steps() noexcept {
  static constexpr std::array<step_info, 6> list = {{
      {"2.1", "Forankring i retningslinjer", "Embed responsible conduct in policies",
       "Har leverandøren retningslinjer for ansvarlig næringsliv som er forankret i ledelsen?",
       "Does the supplier have policies for responsible business conduct, anchored in its management?"},
      {"2.2", "Kartlegge og vurdere risiko", "Identify and assess risk",
       "Har leverandøren kartlagt og vurdert risiko for brudd på menneskerettigheter i leverandørkjeden?",
       "Has the supplier identified and assessed the risk of human-rights violations in its supply chain?"},
      {"2.3", "Stanse, forebygge og redusere", "Cease, prevent and mitigate",
       "Har leverandøren iverksatt tiltak for å stanse, forebygge eller redusere negative konsekvenser?",
       "Has the supplier taken measures to cease, prevent or mitigate adverse impacts?"},
      {"2.4", "Følge med på gjennomføring", "Track implementation",
       "Følger leverandøren med på om tiltakene virker?", "Does the supplier track whether its measures work?"},
      {"2.5", "Kommunisere", "Communicate",
       "Kommuniserer leverandøren hvordan negative konsekvenser håndteres?", "Does the supplier communicate how adverse impacts are addressed?"},
      {"2.6", "Gjenopprette", "Remediate",
       "Sørger leverandøren for eller samarbeider om gjenoppretting der det er påkrevd?",
       "Does the supplier provide for or cooperate in remediation where required?"},
  }};
  return list;
}

bool valid_step(std::string_view s) noexcept {
  return std::any_of(steps().begin(), steps().end(), [&](step_info const& t) { return t.step == s; });
}

bool one_of(std::string_view v, std::initializer_list<std::string_view> allowed) noexcept {
  return std::find(allowed.begin(), allowed.end(), v) != allowed.end();
}

int value_weight(std::string_view band) noexcept {
  if (band == "under_1m") return 1;
  if (band == "1m_10m") return 2;
  if (band == "10m_50m") return 3;
  if (band == "over_50m") return 4;
  return 0;
}

int risk_weight(std::string_view risk) noexcept {
  if (risk == "low") return 1;
  if (risk == "medium") return 2;
  if (risk == "high") return 3;
  return 0;
}

std::string_view default_required_method(std::string_view clause_level) noexcept {
  return clause_level == "advanced" ? "factory_audit" : "self_assessment_simplified";
}

}  // namespace arena::suppliers
