// The translation unit that builds the shared precompiled header (cmake/TesseraCompileOptions.cmake).
