/**
 * TF.js graph-model → amesh IR conversion. {@link dev.amesh.converter.tfjs.TfjsGraphModel} parses
 * model.json (nodes with TF {@code AttrValue} JSON, read through {@link dev.amesh.converter.tfjs.TfjsAttrs};
 * the weights manifest); {@link dev.amesh.converter.tfjs.TfjsWeights} decodes the shards;
 * {@link dev.amesh.converter.tfjs.TfjsConverter} maps the NHWC convolution, PReLU, add, pooling, pad,
 * concat and reshape ops onto {@link dev.amesh.api.graph.Graph}, transposing filters and folding int32
 * constants into attributes. Errors are {@link dev.amesh.converter.tflite.ConversionException}s naming the
 * file, node and op. The cache entry for the iris model is
 * {@link dev.amesh.converter.models.TfjsModelStore}.
 */
package dev.amesh.converter.tfjs;
