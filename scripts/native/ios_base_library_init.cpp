// TorchSharp's libLibTorchSharp.so is linked against GCC 13's libstdc++, which exports
// std::ios_base_library_init() (GLIBCXX_3.4.32). Older libstdc++ (Debian 12: GCC 12) initialises
// iostreams on its own, so the call can safely be a no-op. See scripts/fix-torchsharp.sh.
namespace std {
__attribute__((visibility("default"))) void ios_base_library_init() {}
}
