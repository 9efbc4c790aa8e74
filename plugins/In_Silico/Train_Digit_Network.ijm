// Trains a LeNet on the built-in rendered digits, saves it, and lists its layers.
// Every option of "Train Network..." is given, so the result does not depend on the values last used in the dialog.
dir = getDirectory("temp");
run("Train Network...", "source=[Built-in digits] images=12000 test_fraction=0.2 preset=lenet epochs=5 batch_size=64 learning_rate=0.001 optimizer=Adam momentum=0.9 weight_decay=0 dropout=0 validation_fraction=0 random_labels=false snapshot_epochs=[] seed=42 save_to=[" + dir + "digits-lenet.zip]");
run("Network Summary");
