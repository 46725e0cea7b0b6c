"""Extract: the engines that read documents (offline or a model) and write the top of the brief,
and the prompts the model engine sends. No engine imports the validator: its checks are passed
in."""
