"""Drawing: figures and widgets from tables the calculation modules computed.

`base` (footnotes kept inside the canvas), `maps` (world maps, timelines, region bars),
`coverage` (article comparison), `risk` (lesson 06 charts), `widgets` (a figure shown in an
Image widget) and `risk_widgets` (lesson 06 sliders).
"""
