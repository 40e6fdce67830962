import Tessera.Scanner

// The Scanner page, opened by URL (shell/Destinations.qml): importing Tessera.Scanner loads the
// plugin with the camera and QR decoding (qml/scanner/plugin) when the page first opens, not at
// start. Everything is ScannerView's.
ScannerView {}
