// The translation unit that builds the shared precompiled headers
// (cmake/TesseraCompileOptions.cmake).
