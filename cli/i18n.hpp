// The language of the command line's own messages: help, errors, `test`
// output (cli/i18n.cpp). English or Simplified Chinese; the English text is
// the reference (scripts and tests read it) and never changes with a
// translation. Terms: docs/glossary.md.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <boost/program_options.hpp>

#include "cfpcheck/cfpcheck.hpp"

namespace cfpcli {

/// The message language from the command line and the environment:
/// `--lang L` / `--lang=L` among `args` when L is zh or en; else the locale
/// (the first of LC_ALL, LC_MESSAGES, LANG that is set and not empty):
/// Chinese when it starts with "zh", English otherwise, and English when none
/// is set. (The result table's own default, TableOptions::lang, stays Chinese
/// in the C locale: see default_lang() in cli/main.cpp.)
std::string message_lang_from(const std::vector<std::string>& args);
void set_message_lang(const std::string& lang);
const std::string& message_lang();
bool zh();

/// One message in both languages: the one of the message language.
inline const char* L(const char* en, const char* zh_text) { return zh() ? zh_text : en; }

/// Replaces {0}, {1}, ... in `tmpl` with `args`.
std::string subst(std::string_view tmpl, std::initializer_list<std::string> args);

/// An engine message (case validation, rule-pack error, fixture failure) in
/// the message language: known English phrasings are rewritten in Chinese,
/// piece by piece (names, paths, pointers and values are kept); anything
/// unknown (a Lua runtime message the table lacks) is left in English.
std::string tr_engine(const std::string& english);

/// One case problem as a line of text (CaseIssue::to_text() in English).
std::string issue_text(const cfp::CaseIssue& issue);

/// "cfpcheck: FILE: case rejected (N problems)" and one line per problem.
std::string case_rejected_text(const cfp::CaseRejected& e, const std::string& file, bool nothing_written = false);

/// A rule-pack error kind (syntax, runtime, ...) as words.
std::string pack_error_kind(const std::string& kind);

/// PackError::what() in the message language.
std::string pack_error_what(const cfp::PackError& e);

/// A program_options parse error, in the message language.
std::string option_error(const std::exception& e);

/// The options box of a command's help; in Chinese its lines are not wrapped
/// (boost wraps by bytes, which would cut a character in two).
boost::program_options::options_description options_box();

}  // namespace cfpcli
