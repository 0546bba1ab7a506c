// Catalog (packs read from disk once) and Evaluator (one Lua state per thread).
#include <cctype>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "cfpcheck/cfpcheck.hpp"
#include "case_shape.hpp"
#include "fast_case.hpp"
#include "lua_host.hpp"
#include "result_writer.hpp"
#include "schema.hpp"

namespace cfp {

extern const char* const kPreludeLua;  // generated from engine/lua/prelude.lua

namespace fs = std::filesystem;
using detail::LuaHost;
using detail::raw_field;

namespace {

std::string read_file(const fs::path& p, std::size_t limit, const std::string& pack) {
  std::string s, why;
  if (!read_regular_file(p, limit, s, why)) throw PackError(pack, "", "manifest", "cannot read " + p.string() + ": " + why);
  if (s.size() > limit)
    throw PackError(pack, "", "syntax", p.string() + ": larger than the rule-file limit (" + std::to_string(limit) + " bytes)");
  return s;
}

// Whether `p`, with every symlink resolved, lies inside the folder `dir`
// (itself canonical): compared path component by component, so that
// rules/NTE-GLA-evil is not inside rules/NTE-GLA.
bool inside(const fs::path& dir, const fs::path& p) {
  std::error_code ec;
  fs::path canon = fs::weakly_canonical(p, ec);
  if (ec) return false;
  fs::path rel = canon.lexically_relative(dir);
  return !rel.empty() && !rel.is_absolute() && *rel.begin() != ".." && *rel.begin() != ".";
}

std::string rel_name(const fs::path& root, const fs::path& p) {
  // the name a pack's digest covers: rules/<pack>/<file>
  return (root.filename() / fs::relative(p, root)).generic_string();
}

// The file as an officer finds it: relative to the working folder when it
// is below it (rules/NTE-GLA/ch6_grade.lua from the project folder), else
// the absolute path, so an error in a copy names the copy, not the original.
std::string display_name(const fs::path& p) {
  std::error_code ec;
  fs::path abs = fs::weakly_canonical(p, ec);
  if (ec) return p.generic_string();
  fs::path cwd = fs::current_path(ec);
  if (!ec) {
    fs::path rel = abs.lexically_relative(cwd);
    if (!rel.empty() && *rel.begin() != "..") return rel.generic_string();
  }
  return abs.generic_string();
}

// 1-based line of the first `key =` (or ["key"] =) in a Lua text, 0 if not found.
int lua_key_line(const std::string& text, const std::string& key) {
  for (std::size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + 1)) {
    bool start = at == 0 || !(std::isalnum(static_cast<unsigned char>(text[at - 1])) || text[at - 1] == '_');
    std::size_t e = at + key.size();
    while (e < text.size() && (text[e] == ' ' || text[e] == '\t' || text[e] == '"' || text[e] == '\'' || text[e] == ']')) ++e;
    if (start && e < text.size() && text[e] == '=' && (e + 1 >= text.size() || text[e + 1] != '='))
      return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
  }
  return 0;
}

// Unknown keys of a manifest (the table on top of L's stack) and of its
// parameters are pack errors naming the file, line and nearest key.
void check_manifest_keys(lua_State* L, const Catalog::PackSource& ps) {
  static const std::vector<std::string> top = {"id", "document", "issuer", "version", "effective", "modules", "params", "limits"};
  static const std::vector<std::string> param = {"value", "clause", "doc"};
  auto complain = [&](const std::string& k, const std::vector<std::string>& names, const std::string& where) {
    std::string near = detail::nearest_name(k, names), all;
    for (const auto& n : names) all += (all.empty() ? "" : ", ") + n;
    throw PackError(ps.id, "", "manifest",
                    ps.manifest.chunkname + ":" + std::to_string(lua_key_line(ps.manifest.text, k)) + ": unknown key `" + k +
                        "` in " + where + " (" + (near.empty() ? "allowed: " + all : "did you mean `" + near + "`?") + ")");
  };
  const int t = lua_gettop(L);
  lua_pushnil(L);
  while (lua_next(L, t)) {
    lua_pop(L, 1);
    std::string k = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : std::string("(a ") + luaL_typename(L, -1) + " key)";
    if (std::find(top.begin(), top.end(), k) == top.end()) {
      lua_settop(L, t);
      complain(k, top, "the manifest");
    }
  }
  lua_pushliteral(L, "params");
  if (lua_rawget(L, t) == LUA_TTABLE) {
    const int params = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, params)) {
      std::string name = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "?";
      if (lua_type(L, -1) == LUA_TTABLE) {
        const int p = lua_gettop(L);
        lua_pushnil(L);
        while (lua_next(L, p)) {
          lua_pop(L, 1);
          std::string k = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "?";
          if (std::find(param.begin(), param.end(), k) == param.end()) {
            lua_settop(L, t);
            complain(k, param, "parameter `" + name + "`");
          }
        }
      }
      lua_pop(L, 1);
    }
  }
  lua_settop(L, t);
}

SourceFile source_file(const fs::path& root, const fs::path& p, std::string text) {
  return {display_name(p), std::move(text), rel_name(root, p)};
}

std::string hash_files(const std::vector<SourceFile>& files) {
  std::string all;
  for (const auto& f : files) {
    all += f.key.empty() ? f.chunkname : f.key;
    all.push_back('\0');
    all += f.text;
    all.push_back('\0');
  }
  return detail::sha256_hex_fast(all);  // same digest; SHA extensions when the CPU has them
}

}  // namespace

const char* engine_name() { return "cfpcheck"; }
const char* engine_version() { return CFPCHECK_VERSION; }

Paths Paths::discover(const fs::path& argv0) {
  Paths p;
  auto ok = [](const fs::path& r, const fs::path& d) {
    return fs::is_directory(r / "lib") && fs::is_directory(d / "schema");
  };
  if (const char* r = std::getenv("CFPCHECK_RULES")) p.rules = r;
  if (const char* d = std::getenv("CFPCHECK_DATA")) p.data = d;
  std::vector<fs::path> roots{fs::current_path()};
  std::error_code ec;
  fs::path exe = fs::weakly_canonical(argv0, ec);
  if (!ec && !argv0.empty()) {
    roots.push_back(exe.parent_path().parent_path());
    roots.push_back(exe.parent_path());
  }
  roots.push_back(CFPCHECK_SOURCE_DIR);
  for (const auto& r : roots) {
    if (ok(p.rules.empty() ? r / "rules" : p.rules, p.data.empty() ? r / "data" : p.data)) {
      if (p.rules.empty()) p.rules = r / "rules";
      if (p.data.empty()) p.data = r / "data";
      return p;
    }
  }
  if (p.rules.empty()) p.rules = "rules";
  if (p.data.empty()) p.data = "data";
  return p;
}

// ---------------------------------------------------------------------------
// Evaluator state: the host, the prelude's API table and the compiled packs.
struct Evaluator::State {
  explicit State(const Limits& l) : host(l) {}
  LuaHost host;
  int api = LUA_NOREF;
  std::map<std::string, int> packs;  // id -> registry ref of the pack object
  std::vector<json> manifests;       // as loaded, in catalog order
  std::vector<json> descriptions;    // API.describe per pack
  bool dirty = false;
  std::unique_ptr<detail::FastCase> fast;  // evaluate_text's loader (made on first use)
};

namespace {

// Pushes API[name].
void push_api(lua_State* L, int api, const char* name) {
  lua_rawgeti(L, LUA_REGISTRYINDEX, api);
  lua_getfield(L, -1, name);
  lua_remove(L, -2);
}

}  // namespace

// host.find_text(chunkname, from_line, needle) -> the first line at or after
// from_line of that pack file holding needle (a key such as `severty =`, or
// a quoted pointer), or nil. Lets errors about a rule's table point at the
// line the officer wrote, even where Lua keeps no position (tail calls).
static int l_find_text(lua_State* L) {
  const auto* cat = static_cast<const Catalog*>(lua_touserdata(L, lua_upvalueindex(1)));
  const char* chunk = luaL_checkstring(L, 1);
  const lua_Integer from = luaL_checkinteger(L, 2);
  std::size_t nlen;
  const char* needle = luaL_checklstring(L, 3, &nlen);
  const std::string* text = nullptr;
  for (const auto& f : cat->lib_sources())
    if (f.chunkname == chunk) text = &f.text;
  for (const auto& ps : cat->pack_sources()) {
    if (ps.manifest.chunkname == chunk) text = &ps.manifest.text;
    for (const auto& m : ps.modules)
      if (m.chunkname == chunk) text = &m.text;
  }
  if (!text || nlen == 0) return 0;
  lua_Integer line = 1;
  std::size_t pos = 0;
  while (line < from && pos < text->size()) {
    std::size_t nl = text->find('\n', pos);
    if (nl == std::string::npos) return 0;
    pos = nl + 1;
    ++line;
  }
  std::size_t at = text->find(std::string_view(needle, nlen), pos);
  if (at == std::string::npos) return 0;
  line += static_cast<lua_Integer>(std::count(text->begin() + static_cast<std::ptrdiff_t>(pos),
                                              text->begin() + static_cast<std::ptrdiff_t>(at), '\n'));
  lua_pushinteger(L, line);
  return 1;
}

// Builds a complete state from the catalog's sources.
static std::unique_ptr<Evaluator::State> build_state(const Catalog& cat, std::vector<json>* manifests_out);

Catalog::~Catalog() {
  if (spare_ && spare_free_) spare_free_(spare_);
}

Evaluator::Evaluator(std::shared_ptr<const Catalog> catalog) : catalog_(std::move(catalog)) {
  {  // adopt the state Catalog::load built and checked, if no one took it yet
    std::lock_guard lk(catalog_->spare_m_);
    if (catalog_->spare_) {
      state_.reset(static_cast<State*>(catalog_->spare_));
      catalog_->spare_ = nullptr;
      return;
    }
  }
  rebuild();
}
Evaluator::~Evaluator() = default;

std::size_t Evaluator::lua_memory() const { return state_ ? state_->host.budget().used : 0; }

void Evaluator::rebuild() {
  state_.reset();
  state_ = build_state(*catalog_, nullptr);
}

// The body of build_state needs access to State; defined as a friend-free
// helper by constructing through the public nested type.
static std::unique_ptr<Evaluator::State> build_state(const Catalog& cat, std::vector<json>* manifests_out) {
  auto st = std::make_unique<Evaluator::State>(cat.limits());
  LuaHost& h = st->host;
  lua_State* L = h.L();

  // prelude
  SourceFile prelude{"engine/prelude.lua", kPreludeLua};
  h.load_chunk(prelude, "engine");
  lua_createtable(L, 0, 12);
  // host.NAME = the registry's cfp.NAME (registered by LuaHost)
  for (const char* name : {"prof", "safe", "freeze", "where", "bad_key", "merge", "run_rules", "result_ctor"}) {
    lua_getfield(L, LUA_REGISTRYINDEX, (std::string("cfp.") + name).c_str());
    lua_setfield(L, -2, name);
  }
  detail::push_pointer_checker(L, cat.schema().shape());
  lua_setfield(L, -2, "pointer_error");
  lua_pushlightuserdata(L, const_cast<Catalog*>(&cat));
  lua_pushcclosure(L, l_find_text, 1);
  lua_setfield(L, -2, "find_text");
  lua_newtable(L);
  lua_pushvalue(L, -1);
  h.set_current_ref(luaL_ref(L, LUA_REGISTRYINDEX));
  lua_setfield(L, -2, "current");
  h.push_json(cat.reference());
  lua_setfield(L, -2, "reference");
  h.call(1, 1, "engine", false);
  st->api = luaL_ref(L, LUA_REGISTRYINDEX);

  // shared library
  for (const auto& src : cat.lib_sources()) {
    std::string name = fs::path(src.chunkname).stem().string();
    push_api(L, st->api, "add_lib");
    lua_pushstring(L, name.c_str());
    h.load_chunk(src, "lib");
    push_api(L, st->api, "lib_env");
    lua_call(L, 0, 1);
    h.set_env(-2);
    h.call(0, 1, "lib", true);
    h.call(2, 0, "lib", false);
  }
  push_api(L, st->api, "seal_lib");
  h.call(0, 0, "lib", false);

  // packs
  for (const auto& ps : cat.pack_sources()) {
    h.load_chunk(ps.manifest, ps.id);
    push_api(L, st->api, "lib_env");
    lua_call(L, 0, 1);
    h.set_env(-2);
    h.call(0, 1, ps.id, true);  // manifest table
    if (manifests_out) manifests_out->push_back(h.to_json(-1, ps.id, "pack.lua"));
    push_api(L, st->api, "new_pack");
    lua_insert(L, -2);
    lua_pushstring(L, ps.id.c_str());
    h.call(2, 2, ps.id, false);  // pack, env
    int env = lua_gettop(L);
    int pack = env - 1;
    for (const auto& m : ps.modules) {
      h.load_chunk(m, ps.id);
      lua_pushvalue(L, env);
      h.set_env(-2);
      h.call(0, 0, ps.id, true);
    }
    lua_pop(L, 1);  // env
    push_api(L, st->api, "seal_pack");
    lua_pushvalue(L, pack);
    h.call(1, 0, ps.id, false);
    // Loading has ended: freeze what the pack's functions keep in upvalues
    // now, before any case runs (the first case must not be able to leave
    // data for the second one).
    h.seal_pack_upvalues(pack, ps.id);
    if (manifests_out) {
      push_api(L, st->api, "describe");
      lua_pushvalue(L, pack);
      h.call(1, 1, ps.id, false);
      manifests_out->push_back(h.to_json(-1, ps.id, "describe"));
      lua_pop(L, 1);
    }
    lua_pushvalue(L, pack);
    st->packs[ps.id] = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_settop(L, 0);
  }
  lua_gc(L, LUA_GCCOLLECT);
  lua_gc(L, LUA_GCGEN, 0, 0);
  return st;
}

namespace {

const json& field(const json& j, const char* k) {
  static const json null_json;
  auto it = j.find(k);
  return it == j.end() ? null_json : *it;
}

std::string str(const json& j, const char* k) {
  const json& v = field(j, k);
  return v.is_string() ? v.get<std::string>() : std::string();
}


}  // namespace

std::shared_ptr<const Catalog> Catalog::load(const Paths& paths, const Limits& limits,
                                             const std::vector<fs::path>& only) {
  auto cat = std::shared_ptr<Catalog>(new Catalog());
  cat->paths_ = paths;
  cat->limits_ = limits;
  const fs::path rules = paths.rules;
  if (!fs::is_directory(rules / "lib"))
    throw PackError("engine", "", "manifest", "rules folder not found: " + (rules / "lib").string() +
                                                  " (use --rules DIR or set CFPCHECK_RULES)");

  // reference data, keyed by file stem
  cat->reference_ = json::object();
  if (fs::is_directory(paths.data / "reference")) {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(paths.data / "reference"))
      if (e.path().extension() == ".json") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      try {
        cat->reference_[f.stem().string()] = json::parse(read_file(f, 64u << 20, "data"));
      } catch (const json::exception& e) {
        throw PackError("data", "", "manifest", f.string() + ": " + e.what());
      }
    }
  }
  cat->schema_ = std::make_shared<Schema>(Schema::load(paths.data / "schema" / "cfpcase-1.schema.json"));

  // library: modules.lua lists the load order (a plain Lua list of names)
  {
    std::string list = read_file(rules / "lib" / "modules.lua", limits.max_rule_file_bytes, "lib");
    LuaHost tmp(limits);
    tmp.load_chunk({rel_name(rules, rules / "lib" / "modules.lua"), list}, "lib");
    lua_newtable(tmp.L());
    tmp.set_env(-2);
    tmp.call(0, 1, "lib", true);
    json names = tmp.to_json(-1, "lib", "modules.lua");
    if (!names.is_array()) throw PackError("lib", "", "manifest", "rules/lib/modules.lua must return a list of module names");
    for (const auto& n : names) {
      if (!n.is_string()) throw PackError("lib", "", "manifest", "rules/lib/modules.lua: names must be strings");
      fs::path p = rules / "lib" / (n.get<std::string>() + ".lua");
      if (!inside(fs::weakly_canonical(rules / "lib"), p))
        throw PackError("lib", "", "manifest", "rules/lib/modules.lua: module outside rules/lib: " + n.get<std::string>());
      cat->lib_.push_back(source_file(rules, p, read_file(p, limits.max_rule_file_bytes, "lib")));
    }
  }

  // packs: every folder with a pack.lua (or only the ones asked for)
  std::vector<fs::path> dirs;
  if (!only.empty()) {
    dirs = only;
  } else {
    for (const auto& e : fs::directory_iterator(rules))
      if (e.is_directory() && fs::exists(e.path() / "pack.lua")) dirs.push_back(e.path());
  }
  std::sort(dirs.begin(), dirs.end());
  for (const auto& dir : dirs) {
    fs::path d = fs::weakly_canonical(dir);
    fs::path root = d.parent_path();
    PackSource ps;
    ps.id = d.filename().string();
    if (!fs::exists(d / "pack.lua")) throw PackError(ps.id, "", "manifest", (d / "pack.lua").string() + " not found");
    ps.manifest = source_file(root, d / "pack.lua", read_file(d / "pack.lua", limits.max_rule_file_bytes, ps.id));
    // read the module list from the manifest
    LuaHost tmp(limits);
    tmp.load_chunk(ps.manifest, ps.id);
    lua_newtable(tmp.L());
    tmp.set_env(-2);
    tmp.call(0, 1, ps.id, true);
    if (!lua_istable(tmp.L(), -1)) throw PackError(ps.id, "", "manifest", ps.manifest.chunkname + " must return a table");
    check_manifest_keys(tmp.L(), ps);
    raw_field(tmp.L(), -1, "modules");
    json mods = tmp.to_json(-1, ps.id, "pack.lua");
    if (!mods.is_array() || mods.empty())
      throw PackError(ps.id, "", "manifest", ps.manifest.chunkname + ": `modules` must list the pack's rule files");
    for (const auto& m : mods) {
      if (!m.is_string()) throw PackError(ps.id, "", "manifest", ps.manifest.chunkname + ": module names must be strings");
      fs::path p = d / m.get<std::string>();
      if (!inside(d, p))
        throw PackError(ps.id, "", "manifest", ps.manifest.chunkname + ": module outside the pack folder: " + m.get<std::string>());
      if (!fs::exists(p)) throw PackError(ps.id, "", "manifest", ps.manifest.chunkname + ": module not found: " + m.get<std::string>());
      ps.modules.push_back(source_file(root, p, read_file(p, limits.max_rule_file_bytes, ps.id)));
    }
    cat->sources_.push_back(std::move(ps));
  }

  // Compile everything once to check it and to learn the rules.
  std::vector<json> meta;
  auto st = build_state(*cat, &meta);
  std::string lib_hash = hash_files(cat->lib_);
  (void)lib_hash;
  for (std::size_t i = 0; i < cat->sources_.size(); ++i) {
    const auto& ps = cat->sources_[i];
    const json& man = meta[2 * i];
    const json& rules_meta = meta[2 * i + 1];
    PackInfo info;
    info.id = str(man, "id");
    if (info.id != ps.id)
      throw PackError(ps.id, "", "manifest", ps.manifest.chunkname + ": id '" + info.id + "' differs from the folder name '" + ps.id + "'");
    info.version = str(man, "version");
    info.effective = str(man, "effective");
    info.document = field(man, "document");
    info.issuer = field(man, "issuer");
    info.dir = (fs::weakly_canonical(cat->paths_.rules) / ps.id).generic_string();
    for (const auto& d : dirs)
      if (fs::weakly_canonical(d).filename() == ps.id) info.dir = fs::weakly_canonical(d).generic_string();
    std::vector<SourceFile> files{ps.manifest};
    files.insert(files.end(), ps.modules.begin(), ps.modules.end());
    info.sha256 = hash_files(files);
    if (field(man, "params").is_object()) {
      for (const auto& [name, p] : field(man, "params").items()) {
        ParamInfo pi;
        pi.name = name;
        pi.clause = str(p, "clause");
        pi.doc = str(p, "doc");
        pi.value = field(p, "value");
        info.params.push_back(std::move(pi));
      }
    }
    if (rules_meta.is_array()) {
      for (const auto& r : rules_meta) {
        RuleInfo ri;
        ri.id = str(r, "id");
        ri.slug = str(r, "slug");
        ri.clause = str(r, "clause");
        ri.topic = str(r, "topic");
        ri.title_zh = str(field(r, "title"), "zh");
        ri.title_en = str(field(r, "title"), "en");
        std::string where = str(r, "where");
        auto colon = where.rfind(':');
        ri.file = colon == std::string::npos ? where : where.substr(0, colon);
        ri.line = colon == std::string::npos ? 0 : std::atoi(where.c_str() + colon + 1);
        for (const auto& s : field(r, "stages")) ri.stages.push_back(s.get<std::string>());
        if (field(r, "params").is_array())
          for (const auto& s : field(r, "params")) ri.params.push_back(s.get<std::string>());
        ri.severity = str(r, "severity");
        ri.effect = str(r, "effect");
        ri.party = str(r, "party");
        ri.scope = field(r, "scope").is_boolean() && field(r, "scope").get<bool>();
        ri.info_only = field(r, "info_only").is_boolean() && field(r, "info_only").get<bool>();
        ri.decisive = field(r, "decisive").is_boolean() && field(r, "decisive").get<bool>();
        info.rules.push_back(std::move(ri));
      }
    }
    cat->packs_.push_back(std::move(info));
  }
  // keep the checked state for the first Evaluator (see Catalog::spare_)
  cat->spare_ = st.release();
  cat->spare_free_ = [](void* p) { delete static_cast<Evaluator::State*>(p); };
  return cat;
}

std::shared_ptr<const Catalog> Catalog::load_schema_only(const Paths& paths, const Limits& limits) {
  auto cat = std::shared_ptr<Catalog>(new Catalog());
  cat->paths_ = paths;
  cat->limits_ = limits;
  cat->schema_ = std::make_shared<Schema>(Schema::load(paths.data / "schema" / "cfpcase-1.schema.json"));
  return cat;
}

std::vector<SchemaField> Catalog::schema_fields() const {
  std::vector<SchemaField> out;
  for (const auto& n : schema_->shape().nodes()) out.push_back({n.path, n.parent, n.informational});
  return out;
}

const PackInfo* Catalog::find_pack(std::string_view id) const {
  for (const auto& p : packs_)
    if (p.id == id) return &p;
  return nullptr;
}

const RuleInfo* Catalog::find_rule(std::string_view rule_id, const PackInfo** pack) const {
  for (const auto& p : packs_)
    for (const auto& r : p.rules)
      if (r.id == rule_id || (r.slug == rule_id && packs_.size() == 1)) {
        if (pack) *pack = &p;
        return &r;
      }
  return nullptr;
}

// ---------------------------------------------------------------------------

namespace {


}  // namespace

namespace {

std::vector<const PackInfo*> select_packs(const Catalog& cat, const Case& c, const EvalOptions& options) {
  std::vector<const PackInfo*> selected;
  const auto& wanted = !options.schemes.empty() ? options.schemes : c.schemes;
  if (wanted.empty()) {
    for (const auto& p : cat.packs()) selected.push_back(&p);
  } else {
    for (const auto& id : wanted) {
      const PackInfo* p = cat.find_pack(id);
      if (!p) {
        std::string known;
        for (const auto& q : cat.packs()) known += (known.empty() ? "" : ", ") + q.id;
        throw CaseRejected({CaseIssue{"/schemes", "an installed scheme (" + known + ")", id,
                                      "unknown scheme '" + id + "'", 0, 0}});
      }
      selected.push_back(p);
    }
  }
  return selected;
}

}  // namespace

namespace {

// Reads t[key] of the Lua table at `t` as JSON (generic conversion, budgeted).
json field_json(LuaHost& h, int t, const char* key, const std::string& pack, const std::string& rule) {
  lua_State* L = h.L();
  raw_field(L, t, key);
  json j = lua_isnil(L, -1) ? json(nullptr) : h.to_json(-1, pack, rule);
  lua_pop(L, 1);
  return j;
}

// t[key] as a string, or null when it is not one (numbers are not coerced).
json field_string(lua_State* L, int t, const char* key) {
  json j = nullptr;
  if (raw_field(L, t, key) == LUA_TSTRING) {
    std::size_t n;
    const char* p = lua_tolstring(L, -1, &n);
    j = std::string(p, n);
  }
  lua_pop(L, 1);
  return j;
}

// t[key] = { zh, en } as a bilingual object, or null.
json field_bilingual(LuaHost& h, int t, const char* key, const std::string& pack, const std::string& rule) {
  lua_State* L = h.L();
  json j = nullptr;
  if (raw_field(L, t, key) == LUA_TTABLE) {
    int b = lua_gettop(L);
    j = {{"zh", field_json(h, b, "zh", pack, rule)}, {"en", field_json(h, b, "en", pack, rule)}};
  }
  lua_pop(L, 1);
  return j;
}

// The scheme result table the prelude's run() returned (at `rt`), written in
// the cfpresult/1 key order. Findings are read field by field (no generic
// conversion and key sorting of every finding); passing findings are only
// counted when the caller wants problems only.
json convert_result(LuaHost& h, int rt, const PackInfo& p, const Limits& limits, const EvalOptions& options) {
  lua_State* L = h.L();
  const std::string& id = p.id;
  const std::string where = id + "/result";
  json res;
  res["scheme"] = id;
  res["pack"] = {{"id", id}, {"version", p.version}, {"sha256", p.sha256}};
  raw_field(L, rt, "applicable");
  res["applicable"] = lua_isboolean(L, -1) ? json(static_cast<bool>(lua_toboolean(L, -1))) : json(nullptr);
  lua_pop(L, 1);
  res["applicability"] = field_bilingual(h, rt, "applicability", id, where);
  res["verdict"] = field_string(L, rt, "verdict");
  res["action"] = field_string(L, rt, "action");
  res["native"] = field_bilingual(h, rt, "native", id, where);
  res["grade"] = field_json(h, rt, "grade", id, where);
  res["grade_status"] = field_string(L, rt, "grade_status");
  json db = field_json(h, rt, "decided_by", id, where);
  res["decided_by"] = db.is_array() ? db : json::array();
  json m = field_json(h, rt, "metrics", id, where);
  res["metrics"] = m.is_object() ? m : json::object();

  json findings = json::array();
  detail::FindingCounts counts;
  if (raw_field(L, rt, "findings") == LUA_TTABLE) {
    int ft = lua_gettop(L);
    const lua_Integer n = detail::findings_length(L, ft, id, limits);
    for (lua_Integer i = 1; i <= n; ++i) {
      if (lua_rawgeti(L, ft, i) != LUA_TTABLE) {
        lua_pop(L, 1);
        continue;
      }
      int f = lua_gettop(L);
      json rule = field_string(L, f, "rule");
      json status = field_string(L, f, "status");
      json severity = field_string(L, f, "severity");
      json party = field_string(L, f, "party");
      const std::string st = status.is_string() ? status.get<std::string>() : std::string();
      counts.add(st, severity.is_string() ? severity.get_ref<const std::string&>() : std::string_view(),
                 party.is_string() ? party.get_ref<const std::string&>() : std::string_view());
      if (options.only_problems && (st == "pass" || st == "info")) {
        lua_pop(L, 1);
        continue;
      }
      const std::string rid = rule.is_string() ? rule.get<std::string>() : where;
      json o;
      o["rule"] = rule;
      o["clause"] = field_string(L, f, "clause");
      o["topic"] = field_string(L, f, "topic");
      o["status"] = status;
      o["severity"] = severity;
      o["effect"] = field_string(L, f, "effect");
      o["party"] = party;
      json title = field_bilingual(h, f, "title", id, rid);
      o["title"] = title.is_null() ? json{{"zh", nullptr}, {"en", nullptr}} : title;
      json msg = field_bilingual(h, f, "message", id, rid);
      o["message"] = msg.is_null() ? json{{"zh", nullptr}, {"en", nullptr}} : msg;
      json ev = field_json(h, f, "evidence", id, rid);
      o["evidence"] = ev.is_array() ? ev : (ev.is_null() || ev.is_object() ? json::array() : json::array({ev}));
      json vals = field_json(h, f, "values", id, rid);
      o["values"] = vals.is_null() || (vals.is_array() && vals.empty()) ? json::object() : vals;
      findings.push_back(std::move(o));
      lua_pop(L, 1);
    }
  }
  lua_pop(L, 1);
  res["findings"] = std::move(findings);
  json cj = json::object();
  for (std::size_t k = 0; k < std::size(detail::FindingCounts::kNames); ++k) cj[detail::FindingCounts::kNames[k]] = counts.n[k];
  res["counts"] = std::move(cj);
  return res;
}

}  // namespace

// Runs the selected packs on the case on top of the Lua stack (pushed by
// push_json or the fast loader) and hands each pack's result table, on top of
// the stack, to take(pack, index).
template <class Take>
static void run_each_pack(Evaluator::State& st, const std::vector<const PackInfo*>& selected, Take&& take) {
  LuaHost& h = st.host;
  lua_State* L = h.L();
  try {
    int case_idx = lua_gettop(L);
    push_api(L, st.api, "build_facts");
    lua_pushvalue(L, case_idx);
    h.call(1, 1, "lib", true, true);
    int facts_idx = lua_gettop(L);
    for (const PackInfo* p : selected) {
      push_api(L, st.api, "run");
      lua_rawgeti(L, LUA_REGISTRYINDEX, st.packs.at(p->id));
      lua_pushvalue(L, case_idx);
      lua_pushvalue(L, facts_idx);
      h.call(3, 1, p->id, true, true);
      h.prof_tick("engine/convert result");
      h.begin_conversion();
      try {
        take(*p, lua_gettop(L));
      } catch (const PackError& e) {
        h.end_conversion();
        if (e.pack() == "engine") {  // the panic handler: name the pack
          std::string m = e.what();
          if (auto pos = m.find(" error: "); pos != std::string::npos) m = m.substr(pos + 8);
          throw PackError(p->id, p->id + "/result", e.kind(), m);
        }
        throw;
      }
      h.end_conversion();
      lua_pop(L, 1);
    }
    lua_settop(L, 0);
  } catch (const PackError&) {
    st.dirty = true;  // never reuse a state after a pack error
    throw;
  }
}

// The cfpresult/1 document of a case; `c` gives the case's metadata.
static json run_packs(Evaluator::State& st, const Catalog& cat, const Case& c,
                      const std::vector<const PackInfo*>& selected, const EvalOptions& options) {
  json out;
  out["format"] = "cfpresult/1";
  out["engine"] = {{"name", engine_name()}, {"version", engine_version()}};
  out["case"] = {{"id", c.id}, {"sha256", c.sha256}, {"stage", c.stage}, {"as_of", c.as_of}};
  out["results"] = json::array();
  run_each_pack(st, selected, [&](const PackInfo& p, int rt) {
    out["results"].push_back(convert_result(st.host, rt, p, cat.limits(), options));
  });
  return out;
}

// The same document as compact JSON text, written straight from the Lua
// result tables (result_writer.cpp): the bytes run_packs(...).dump(-1, ' ',
// false, replace) gives, without building the document. Fills `summary`.
static std::string run_packs_text(Evaluator::State& st, const Catalog& cat, const Case& c,
                                  const std::vector<const PackInfo*>& selected, const EvalOptions& options,
                                  EvalSummary& summary) {
  std::string out;
  out.reserve(16u << 10);
  detail::write_result_head(out, c);
  summary.verdicts.reserve(selected.size());
  run_each_pack(st, selected, [&](const PackInfo& p, int rt) {
    if (!summary.verdicts.empty()) out.push_back(',');  // after the first result
    std::string v = detail::write_scheme_result(out, st.host, rt, p, cat.limits(), options);
    summary.any_fail = summary.any_fail || v == "fail";
    summary.verdicts.emplace_back(p.id, std::move(v));
  });
  st.host.prof_tick("engine/result to text");
  out += "]}";
  return out;
}

json Evaluator::evaluate(const Case& c, const EvalOptions& options) {
  if (!state_ || state_->dirty) rebuild();
  auto selected = select_packs(*catalog_, c, options);
  lua_State* L = state_->host.L();
  lua_settop(L, 0);
  state_->host.set_profile(options.profile);
  state_->host.prof_tick("engine/case to Lua");
  state_->host.push_json(c.doc);
  detail::attach_case_shape(L, -1, catalog_->schema().shape(), options.fields_read);
  json r = run_packs(*state_, *catalog_, c, selected, options);
  state_->host.set_profile(nullptr);
  return r;
}

std::string Evaluator::evaluate_text(std::string_view text, const EvalOptions& options, EvalSummary* summary) {
  if (!state_ || state_->dirty) rebuild();
  if (!state_->fast) state_->fast = std::make_unique<detail::FastCase>(*catalog_, state_->host);
  lua_State* L = state_->host.L();
  lua_settop(L, 0);
  Case c;
  EvalSummary sum;
  std::string text_out;
  state_->host.set_profile(options.profile);
  state_->host.prof_tick("engine/case to Lua");
  // the shape is attached while the case is built, except under coverage
  // (recording reads needs attach_case_shape's own metatables)
  const detail::CaseShape& shape = catalog_->schema().shape();
  if (state_->fast->load(text, c, options.fields_read ? nullptr : &shape)) {  // the case is on the stack
    std::vector<const PackInfo*> selected;
    try {
      state_->host.prof_tick("engine/case shape");
      if (options.fields_read) detail::attach_case_shape(L, -1, shape, options.fields_read);
      state_->host.prof_tick("engine/select");
      selected = select_packs(*catalog_, c, options);
    } catch (...) {
      lua_settop(L, 0);
      throw;
    }
    text_out = run_packs_text(*state_, *catalog_, c, selected, options, sum);
  } else {  // the full loader decides (and reports) what the fast path declined
    c = load_case(text, *catalog_);
    json r = evaluate(c, options);
    for (const auto& res : r["results"]) {
      std::string v = res["verdict"].is_string() ? res["verdict"].get<std::string>() : std::string();
      sum.any_fail = sum.any_fail || v == "fail";
      sum.verdicts.emplace_back(res["scheme"].get<std::string>(), std::move(v));
    }
    state_->host.prof_tick("engine/result to text");
    text_out = r.dump(-1, ' ', false, json::error_handler_t::replace);
  }
  if (summary) *summary = std::move(sum);
  state_->host.set_profile(nullptr);
  return text_out;
}

json Evaluator::run_lib_tests(const SourceFile& file) {
  if (!state_ || state_->dirty) rebuild();
  LuaHost& h = state_->host;
  lua_State* L = h.L();
  lua_settop(L, 0);
  try {
    h.load_chunk(file, "tests");
    push_api(L, state_->api, "test_env");
    lua_getglobal(L, "pcall");  // tests may catch errors; rules may not
    h.call(1, 2, "tests", false);
    int results = lua_gettop(L);
    lua_pushvalue(L, results - 1);
    h.set_env(1);
    lua_pushvalue(L, 1);
    h.call(0, 0, "tests", true);
    json r = h.to_json(results, "tests", file.chunkname);
    lua_settop(L, 0);
    return r;
  } catch (const PackError&) {
    state_->dirty = true;
    throw;
  }
}

}  // namespace cfp
