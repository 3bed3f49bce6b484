"""Training, export and evaluation of convolutional Orderless NADE models (docs/training.md)."""
