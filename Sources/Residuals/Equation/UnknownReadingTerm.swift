/// A term whose residuals read unknown constants λ of an inverse problem
/// (``UnknownValues``) and gives their partial derivatives ∂r_i/∂λ_k exactly —
/// the Jacobian columns of the unknowns (PINN's `InverseSystem` multiplies them
/// by dλ/dz). ``EquationTerm`` (λ in an equation) and ``FormulaConditionTerm``
/// (λ in the α, β or g of a boundary or initial condition) are such terms.
public protocol UnknownReadingTerm: ResidualTerm {
    /// The unknowns the term reads, in the order of ``unknownPartials(jet:into:)``;
    /// empty when it reads none.
    var unknownNames: [String] { get }
    /// ∂r_i/∂λ_k at the current values of the unknowns into
    /// `out[k * rowCount + i]`, for the term's jet (the layout of `evaluate`).
    func unknownPartials(jet: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>)
}

extension EquationTerm: UnknownReadingTerm {
    public var unknownNames: [String] { unknowns == nil ? [] : equation.unknowns }
}
