// A bounded map whose entries are valid for one index generation: whatever a
// reader computed from the index at generation G is reused by readers at G and
// forgotten as soon as one reads a newer generation. Full: it starts afresh
// (cheaper than LRU bookkeeping, and callers visit entries in runs).
// Thread-safe; a capacity of 0 caches nothing.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <unordered_map>

namespace jobmatch {

template <typename Key, typename Value>
class GenerationCache {
 public:
  explicit GenerationCache(std::size_t capacity) : capacity_(capacity) {}

  std::optional<Value> Find(const Key& key, uint64_t generation) const {
    std::shared_lock lock(mu_);
    if (generation != generation_) return std::nullopt;
    auto it = map_.find(key);
    return it == map_.end() ? std::nullopt : std::optional<Value>(it->second);
  }

  // The cached value, or `make()` (outside the lock), remembered.
  template <typename Make>
  Value Get(const Key& key, uint64_t generation, Make make) {
    if (auto cached = Find(key, generation)) return *std::move(cached);
    Value value = make();
    Put(key, value, generation);
    return value;
  }

  void Put(Key key, Value value, uint64_t generation) {
    if (capacity_ == 0) return;
    std::unique_lock lock(mu_);
    if (generation < generation_) return;  // read from an older index: useless
    if (generation != generation_ || map_.size() >= capacity_) {
      map_.clear();
      generation_ = generation;
    }
    map_.emplace(std::move(key), std::move(value));
  }

 private:
  const std::size_t capacity_;
  mutable std::shared_mutex mu_;
  uint64_t generation_ = 0;             // guarded by mu_
  std::unordered_map<Key, Value> map_;  // ditto
};

}  // namespace jobmatch
