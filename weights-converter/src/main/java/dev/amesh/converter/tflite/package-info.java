/**
 * TFLite → amesh IR conversion. {@link dev.amesh.converter.tflite.TfliteModel} is a bounds-checked reader of
 * the TFLite FlatBuffer (schema.fbs) over {@code com.google.flatbuffers.Table};
 * {@link dev.amesh.converter.tflite.TfliteConverter} maps its main subgraph onto
 * {@link dev.amesh.api.graph.Graph}, folding FP16 DEQUANTIZE constants and turning constant int32 operands
 * and the MediaPipe custom ops' FlexBuffer options into attributes;
 * {@link dev.amesh.converter.tflite.ModelSummary} prints the result. Errors are
 * {@link dev.amesh.converter.tflite.ConversionException}s naming the file and the TFLite op.
 */
package dev.amesh.converter.tflite;
