package source

import "errors"

func renderChart(dir string, o HelmOptions) ([]renderedFile, error) {
	return nil, errors.New("helm charts are not supported yet")
}

func buildKustomization(dir string) ([]renderedFile, error) {
	return nil, errors.New("kustomizations are not supported yet")
}
